"""The instructor's dashboard: every team of a class live, with pause, inject, message and end."""
