"""The classroom: many teams on one case and seed, an instructor's view, a comparative debrief."""
