"""A training centre on one PostgreSQL store (issue 15): four nodes, each in a network namespace
this script makes (veth pairs, no route out), 160 teams playing the full Algiers case at once.
On each node, 36 headless teams play through the team login (the PostgreSQL team gate, SCRAM
password over the veth), one process running them in threads, each team with its own
connection and live mark, as the team's app would; and a real `roleplay serve --class` serves
4 browser teams, bare WebSocket clients in this process speaking the page's protocol from
outside the namespace (centre_web.py): they type their name, read their token off the screen,
and play with the keys. (160 Textual apps would not fit two cores; the browsers' apps make the
same store calls as the headless teams.)

Mid-game the instructor (this process, on loopback with the instructor's login) injects an
event and posts a message; then node 4 is killed (SIGKILL to every process of its namespace:
its serve, its apps, its headless teams) and its 40 teams rejoin on node 1 with their tokens
(each waits until the dead node's live mark expires, as a team's app does; a browser team
reloads on node 1's serve, types its name and its token, and must see the turn the store
holds). Measured: commit latency (target p99 <= 50 ms); inputs lost (acknowledged, not in the
store) or duplicated (a number twice, a gap, two contents for one number): 0; the injection in
the game of every team that committed after it, exactly once, on every node; the message read
by every team that looked after it; every killed team back, every game replaying from the
store. Prints the numbers, the load average, and exits 1 on a missed target.

Run as root: .venv/bin/python benchmarks/bench_centre.py [--seconds 60] [--interval 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
CASE = ROOT / "scenarios" / "algiers-2014-2015.toml"
EVENT = "peacekeepers_targeted"
MESSAGE = "Centre benchmark: plenary in ten minutes"
NODES, TEAMS_PER_NODE, WEB_PER_NODE = 4, 40, 4
HEADLESS_PER_NODE = TEAMS_PER_NODE - WEB_PER_NODE


# -- a node: its teams in threads ------------------------------------------------------------


def play(spec: dict[str, Any], name: str, token: str, log_path: Path) -> None:
    from roleplay.classroom.headless import team_seed
    from roleplay.classroom.store import open_store
    from roleplay.classroom.team import TeamBusy, TeamSession
    from roleplay.game.mediators import MEDIATORS

    with log_path.open("a", buffering=1) as log:
        try:
            store = open_store(spec["url"])
            commit, timing = store.commit, dict[str, Any]()

            def timed(*args: Any) -> Any:
                started = time.perf_counter()
                recorded = commit(*args)
                timing["lat"], timing["acts"] = time.perf_counter() - started, recorded
                return recorded

            store.commit = timed  # type: ignore[method-assign,assignment]
            asked = time.time()
            team = TeamSession(store, spec["code"], name, token=token)
            while True:  # a dead node's mark on the team expires within LIVE_FOR seconds
                try:
                    team.claim()
                    break
                except TeamBusy:
                    if time.time() - asked > 60:
                        raise
                    time.sleep(0.5)
            log.write(json.dumps({"joined": time.time(), "wait": time.time() - asked, "seq": team.seq}) + "\n")
            mediator = MEDIATORS["random"](team_seed(team.info.seed, team.team))
            next_at = max(spec["start"], time.time()) + random.random() * spec["interval"]
            inputs, read = 0, 0
            while time.time() < spec["until"] and not team.session.ended:
                time.sleep(max(0.0, next_at - time.time()))
                next_at += spec["interval"]
                status = team.status
                if status == "ended":
                    break
                if status != "running":
                    continue
                session = team.session
                if session.pending:
                    kind, ident, target = "choice", mediator.respond(session), None
                else:
                    move = mediator.choose(session)
                    if move is None:
                        break
                    kind, (ident, target) = "move", move
                started = time.time()
                team.submit(kind, ident, target)  # committed, then played: now it is shown
                acts = [[a.seq, a.kind, a.ident, a.target] for a in timing["acts"]]
                log.write(json.dumps({"t0": started, "lat": timing["lat"], "acts": acts}) + "\n")
                inputs += 1
                if inputs % 5 == 0:
                    got = team.messages(read)
                    read = max([read, *(i for i, _ in got)])
                    log.write(json.dumps({"t": time.time(), "msgs": [i for i, _ in got]}) + "\n")
            log.write(json.dumps({"done": time.time(), "ended": team.session.ended}) + "\n")
        except Exception as exc:  # counted and shown by the orchestrator
            log.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")


def worker(spec_path: str) -> int:
    import functools

    import roleplay.classroom.team as team_module

    team_module.load_case = functools.cache(team_module.load_case)  # type: ignore[attr-defined,assignment]  # once a node
    spec = json.loads(Path(spec_path).read_text())
    out = Path(spec["out"])
    threads = [
        threading.Thread(target=play, args=(spec, name, token, out / f"{name}.{spec['label']}.jsonl"), daemon=True)
        for name, token in spec["teams"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 0


# -- the centre: namespaces, server, instructor, checks ----------------------------------------


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def launch(net: Any, spec: dict[str, Any], folder: Path, password: str) -> subprocess.Popen[bytes]:
    path = folder / f"{spec['label']}.json"
    path.write_text(json.dumps(spec))
    env = {**os.environ, "PGPASSWORD": password}  # never on a command line
    with (folder / f"{spec['label']}.err").open("wb") as err:
        command = ["ip", "netns", "exec", net.name, sys.executable, __file__, "--worker", str(path)]
        return subprocess.Popen(command, env=env, stdout=err, stderr=err, cwd=ROOT)


def read_logs(folder: Path) -> dict[str, list[dict[str, Any]]]:
    logs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl")):
        team = path.name.split(".")[0]
        for line in path.read_text().splitlines():
            try:
                logs[team].append({**json.loads(line), "log": path.name})
            except ValueError:
                logs[team].append({"torn": line, "log": path.name})  # a line cut by SIGKILL: not acknowledged
    return logs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=60, help="how long the teams play (60)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a team's inputs (1.0)")
    parser.add_argument("--subnet", type=int, default=77, help="the namespaces use 10.SUBNET.N.0/30 (77)")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    if os.geteuid() != 0:
        print("bench_centre: run as root (it makes network namespaces and runs PostgreSQL as the postgres user)")
        return 2
    import tempfile

    import centre_net

    centre_net.terminate_on_signals()
    node_password = secrets.token_urlsafe(18)  # the serve nodes' class login, over the veth
    folder = Path(tempfile.mkdtemp(prefix="roleplay-centre-"))
    os.chmod(folder, 0o755)
    try:
        with (
            centre_net.namespaces(NODES, args.subnet) as nets,
            centre_net.postgres(
                [n.host_ip for n in nets], "roleplay_team", instructor_password=node_password
            ) as server,
        ):
            return run(args, nets, server, folder, node_password)
    except KeyboardInterrupt as stop:
        print(f"bench_centre: interrupted ({stop or 'Ctrl-C'}); the namespaces and the server were removed, no result")
        return 130


def run(args: argparse.Namespace, nets: list[Any], server: Any, folder: Path, node_password: str) -> int:
    import centre_net
    import centre_web

    from roleplay.classroom.store import open_store
    from roleplay.classroom.store.pg_gate import make_team_login
    from roleplay.classroom.store.postgres import PostgresStore
    from roleplay.classroom.team import LIVE_FOR, class_case, replay_team
    from roleplay.loading import load_case

    loads = {"start": load()}
    instructor = open_store(server.url("instructor"))
    assert isinstance(instructor, PostgresStore)
    info = instructor.create_class("centre benchmark", str(CASE), load_case(CASE).digest, 7)
    password = make_team_login(instructor.db, "roleplay_team")
    names = [f"node{n}-team{i:02d}" for n in range(1, NODES + 1) for i in range(HEADLESS_PER_NODE)]
    tokens = {name: instructor.join(info.code, name).token or "" for name in names}
    serves = {  # each node's serve logs in as the instructor's class login, over its veth
        n: centre_web.start_serve(
            net, info.code, server.url("instructor", host=net.host_ip), node_password, folder, f"node{n}"
        )
        for n, net in enumerate(nets, start=1)
    }
    for n, net in enumerate(nets, start=1):
        centre_web.wait_listening(net.node_ip, serves[n])
    web = [centre_web.WebTeam(f"node{n}-web{i:02d}", n) for n in range(1, NODES + 1) for i in range(WEB_PER_NODE)]
    evening = centre_web.Evening({n: net.node_ip for n, net in enumerate(nets, start=1)}, args.interval * 2, 1)
    browsers = centre_web.run_browsers(web, evening)
    web_join = centre_web.wait_joined(web)  # the browsers' apps start before the game clock does
    loads["browsers joined"] = load()
    start = time.time() + 12  # joins first: 160 connections, cases loaded, marks taken
    until = start + args.seconds
    base = {"code": info.code, "start": start, "until": until, "interval": args.interval, "out": str(folder)}

    def spec(n: int, net: Any, label: str, teams: list[str]) -> dict[str, Any]:
        url = server.url("roleplay_team", host=net.host_ip)
        return {**base, "url": url, "label": label, "teams": [[t, tokens[t]] for t in teams]}

    per = HEADLESS_PER_NODE
    nodes = {
        f"node{n}": launch(net, spec(n, net, f"node{n}", names[(n - 1) * per : n * per]), folder, password)
        for n, net in enumerate(nets, start=1)
    }
    expected: dict[str, int] = {}
    try:
        time.sleep(max(0.0, start - time.time()))
        evening.until = until
        evening.go.set()
        time.sleep(max(0.0, start + 10 - time.time()))
        injection = instructor.inject(info.code, EVENT)
        injected_at = time.time()
        time.sleep(2)
        message = instructor.post_message(info.code, MESSAGE)
        messaged_at = time.time()
        time.sleep(max(0.0, start + 25 - time.time()))
        loads["kill"] = load()
        centre_net.kill_namespace(nets[3].name)  # node 4: its serve, its apps, its headless teams
        nodes["node4"].wait(timeout=30)
        killed_at = time.time()
        for team in web:  # what node 4's browser teams must find again on node 1
            if team.node == 4 and team.token:
                expected[team.name] = replay_team(instructor, info, team.name, class_case(info))[0].world.turn
        moved = names[3 * per :]
        nodes["node4-on-node1"] = launch(nets[0], spec(1, nets[0], "node4-on-node1", moved), folder, password)
        evening.killed.set()
        for label, process in nodes.items():
            if label != "node4":
                process.wait(timeout=until - time.time() + 120)
        browsers.join(timeout=max(0.0, until - time.time()) + 180)
    finally:
        for process in [*nodes.values(), *serves.values()]:
            if process.poll() is None:
                process.kill()
    loads["end"] = load()
    web_ok = check_web(web, expected, browsers.is_alive(), instructor, info, web_join)
    ok = check(
        args,
        instructor,
        info,
        names + [t.name for t in web],
        folder,
        nodes,
        injection,
        injected_at,
        message,
        messaged_at,
        killed_at,
        loads,
        LIVE_FOR,
        class_case,
        replay_team,
        web_ok,
    )
    return ok


def check_web(web: list[Any], expected: dict[str, int], hung: bool, instructor: Any, info: Any, joining: float) -> bool:
    """The browser teams: each joined and played through its node's serve; node 4's reloaded on
    node 1 with their tokens and saw the turn the store held; every key brought a frame."""
    joined = [t for t in web if t.token and t.joined_at]
    played = [t for t in web if any(a.kind == "move" for a in instructor.actions(info.code, t.name))]
    moved = [t for t in web if t.node == 4]
    back = [t for t in moved if t.rejoined_on == 1 and t.turn_after_rejoin == expected.get(t.name)]
    latencies = sorted(x for t in web for x in t.key_latencies)
    p90 = latencies[int(0.9 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    errors = [(t.name, e) for t in web for e in t.errors]
    print(
        f"browser teams: {len(joined)}/{len(web)} joined through their node's roleplay serve (name typed, token read "
        f"off the screen; all on their main screen {joining:.1f} s after the pages opened), "
        f"{len(played)} made moves; {sum(t.keys for t in web)} keys, key to next frame p90 "
        f"{p90:.0f} ms; node 4's {len(moved)}: {len(back)} reloaded on node 1 with their token and saw the turn the "
        f"store held ({', '.join(f'{t.turn_after_rejoin} vs {expected.get(t.name)}' for t in moved)})"
    )
    if errors or hung:
        print(f"browser errors: {len(errors)}; still running at the end: {hung}; each team's first:")
        for team in web:
            if team.errors:
                print(f"  {team.name}: {team.errors[0][:400]}")
    return len(joined) == len(web) == len(played) and len(back) == len(moved) and not errors and not hung


def check(
    args: argparse.Namespace,
    instructor: Any,
    info: Any,
    names: list[str],
    folder: Path,
    nodes: dict[str, Any],
    injection: int,
    injected_at: float,
    message: int,
    messaged_at: float,
    killed_at: float,
    loads: dict[str, str],
    live_for: float,
    class_case: Any,
    replay_team: Any,
    web_ok: bool,
) -> int:
    logs = read_logs(folder)
    failed = {label: p.returncode for label, p in nodes.items() if label != "node4" and p.returncode != 0}
    errors = [(t, e["error"]) for t, entries in logs.items() for e in entries if "error" in e]
    latencies = sorted(e["lat"] for entries in logs.values() for e in entries if "lat" in e)
    lost, duplicated, unacknowledged, injected_twice, missed, msg_missed = [], [], 0, [], [], []
    reached: dict[str, int] = defaultdict(int)
    loaded = class_case(info)
    for team in names:
        acked: dict[int, tuple[Any, ...]] = {}
        for entry in logs.get(team, []):
            for seq, kind, ident, target in entry.get("acts", []):
                if acked.setdefault(seq, (kind, ident, target)) != (kind, ident, target):
                    duplicated.append(team)  # two contents acknowledged under one number
        stored = {a.seq: (a.kind, a.ident, a.target) for a in instructor.actions(info.code, team)}
        if sorted(stored) != list(range(1, len(stored) + 1)):
            duplicated.append(team)
        lost += [team for seq, content in acked.items() if stored.get(seq) != content]
        unacknowledged += len(set(stored) - set(acked))
        got = sum(1 for kind, ident, _ in stored.values() if kind == "inject" and ident == EVENT)
        if got > 1:
            injected_twice.append(team)
        after = any(e.get("t0", 0) > injected_at for e in logs.get(team, []))
        if after and got != 1:
            missed.append(team)
        if got == 1:
            reached[team.split("-")[0]] += 1
        for log in {e["log"] for e in logs.get(team, [])}:  # each session (a rejoin reads them all again)
            polls = [e for e in logs[team] if e["log"] == log and "msgs" in e]
            seen = [i for e in polls for i in e["msgs"]]
            if any(e["t"] > messaged_at + 0.5 for e in polls) and seen.count(message) != 1:
                msg_missed.append(team)
        replay_team(instructor, info, team, loaded)  # every game replays from the store
    moved = [t for t in names if t.startswith("node4-team")]
    back = [
        t
        for t in moved
        if any(e.get("log", "").endswith("node4-on-node1.jsonl") and "joined" in e for e in logs.get(t, []))
    ]
    waits = [e["wait"] for t in moved for e in logs.get(t, []) if "joined" in e and "node4-on-node1" in e["log"]]
    played_on = [t for t in moved if any("acts" in e and "node4-on-node1" in e["log"] for e in logs.get(t, []))]
    before_kill = sum(
        len(e["acts"]) for t in moved for e in logs.get(t, []) if e["log"] == f"{t}.node4.jsonl" and "acts" in e
    )
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    log_of_injections = instructor.injections(info.code)
    print(
        f"centre: {NODES} nodes (network namespaces, veth pairs), {len(names)} teams ({NODES * HEADLESS_PER_NODE} "
        f"headless through the team login, {NODES * WEB_PER_NODE} browsers through roleplay serve), "
        f"{args.seconds:g} s, an input every {args.interval:g} s a team; load average (1, 5, 15 min) "
        f"at start {loads['start']}, at the kill {loads['kill']}, at the end {loads['end']}"
    )
    print(
        f"commits: {len(latencies)}; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
        f" (target: p99 <= 50 ms)"
    )
    print(
        f"inputs lost: {len(lost)} teams; duplicated: {len(set(duplicated))} teams; "
        f"committed but not acknowledged (in flight at the kill, replayed on rejoin): {unacknowledged}"
    )
    per_node = ", ".join(f"{k} {v}" for k, v in sorted(reached.items()))
    print(
        f"injection {EVENT}: reached {sum(reached.values())} teams ({per_node});"
        f" twice: {len(injected_twice)}; missed by a team that played after it: {len(missed)};"
        f" the dashboard's count: {log_of_injections[0][3] if log_of_injections else 0}"
    )
    print(f"message: missed (or read twice in one session) by {len(msg_missed)} teams that looked after it")
    print(
        f"node 4 killed (SIGKILL) after {before_kill} of its teams' inputs: {len(back)}/{len(moved)} teams "
        f"rejoined on "
        f"node 1 ({len(played_on)} played on), waiting {min(waits, default=0):.1f}-{max(waits, default=0):.1f} s "
        f"for the dead node's live marks ({live_for:g} s)"
    )
    if errors or failed:
        print(f"errors: {len(errors)} (first: {errors[:3]}); node processes failed: {failed}")
    ok = (
        p99 <= 50
        and not lost
        and not duplicated
        and not injected_twice
        and not missed
        and not msg_missed
        and len(reached) == NODES
        and len(back) == len(moved)
        and not errors
        and not failed
        and web_ok
    )
    if ok:
        shutil.rmtree(folder, ignore_errors=True)
    print("targets met" if ok else f"TARGET MISSED (the teams' logs: {folder})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
