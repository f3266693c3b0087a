"""The probe's report as text for a terminal (the JSON form is the report itself)."""

from __future__ import annotations

from typing import Any


def report_text(report: dict[str, Any]) -> str:
    lines = [f"Probe of {report['case']} ({report['seconds']} s, {report['options']['jobs']} jobs)", ""]
    best = ", ".join(report["best_endings"])
    trick = report["trick"]
    lines.append(f"(a) Open-loop trick (best ending: {best}), searched on seed {trick['search_seed']} only")
    lines.extend(_entry_lines("beam plan", trick["beam"]))
    lines.extend(
        _entry_lines(f"robust plan (won {trick['training_wins']} of {trick['training_draws']} forks)", trick["robust"])
    )
    for entry in trick.get("golden", []):
        lines.extend(_entry_lines(f"golden path “{entry['name']}” played blind", entry))
        climbed = entry.get("climbed")
        if climbed and climbed.get("changes"):
            changes = "; ".join(climbed["changes"][:6]) + (" …" if len(climbed["changes"]) > 6 else "")
            lines.extend(_entry_lines(f"the same path improved by a climb ({changes}), played blind", climbed))
    spam = report["spam"]
    lines += [
        "",
        f"(b) Single-move spam: {spam['policies']} policies, {spam['reaching_top_two']} reach one of the two best endings; worst {spam['max_top_two_share']:.1%}",  # noqa: E501
    ]
    for row in spam["worst"][:5]:
        lines.append(
            f"    {row['move']} ({row['fallback']} fallback): {row['top_two_share']:.1%} of {row['games']} games"
            f"  {_short(row['endings'])}"
        )
    cyn = report["cynical"]
    basis = (
        "the moves the case tags as good practice"
        if cyn["basis"] == "tags"
        else "the case tags no move as good practice: the rubric heuristic (net positive marks)"
    )
    lines += ["", f"(c) Cynical play; good practice is {basis}"]
    lines.append(f"    avoids {len(cyn['avoided_moves'])} moves ({', '.join(cyn['avoided_moves'])})")
    kept = "no way around them on the road to the best ending" if cyn["basis"] == "tags" else "procedure or waiting"
    lines.append(f"    keeps {', '.join(cyn['kept']) or 'none'} ({kept});")
    lines.append("    never answers a crisis with a net positive rubric mark when another answer exists")
    lines.append(
        f"    greedy restricted: {cyn['greedy']['top_two_share']:.0%} reach one of the two best endings on {cyn['greedy']['runs']} seeds  {_short(cyn['greedy']['endings'])}"  # noqa: E501
    )
    lines.extend(_entry_lines("cynical beam plan on its seed", cyn["beam_plan"]))
    lines.extend(_entry_lines(f"cynical robust plan (won {cyn['training_wins']} training forks)", cyn["plan"]))
    inf = report["inflation"]
    lines += [
        "",
        f"(d) Rubric inflation: {inf['over_bound']} of {inf['moves']} repeated moves exceed (ln k + 1) x first mark; worst ratio {inf['max_ratio']}",  # noqa: E501
    ]
    for row in inf["worst"][:5]:
        lines.append(
            f"    {row['move']} x{row['k']}: {row['after_k']} vs first {row['first']} (bound x{row['bound_factor']}, ratio {row['ratio']})"  # noqa: E501
        )
    seeds = report["seeds"]
    lines += ["", "(e) Seed sensitivity"]
    lines.append(f"    robust plan, best-ending share per block of 50 held-out seeds: {seeds['plan_by_block']}")
    lines.append(
        f"    greedy on {seeds['greedy']['runs']} seeds: best {seeds['greedy']['best_share']:.0%}  {_short(seeds['greedy']['endings'])}"  # noqa: E501
    )
    if report["cut_by_time"]:
        lines += [
            "",
            f"Cut short by --seconds: {', '.join(report['cut_by_time'])} (the report may differ between runs)",
        ]
    return "\n".join(lines)


def _entry_lines(label: str, entry: dict[str, Any] | None) -> list[str]:
    if entry is None:
        return [f"    {label}: none found"]
    return [
        f"    {label}: best ending on {entry['best_share']:.0%} of {entry['seeds']} seeds  {_short(entry['endings'])}",
        f"      {len(entry['moves'])} moves: {', '.join(entry['moves'])}",
    ]


def _short(endings: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in list(endings.items())[:4]) + ")"
