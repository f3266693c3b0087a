"""Tools for scenario authors: the phase graph, simulations, golden paths, scaffolding."""
