"""`steering eval`: tasks mined from the repository, runs over tiers x context, scoring, report.

The harness measures, on the user's own code, whether a small model given the focused
context does as well as a frontier model given everything. Tasks are made with no model
(`tasks.py`, `commits.py`); runs call the engine's own context building, request building
and client (`runner.py`, `contexts.py`); scoring uses the engine's parser and convention
checks (`score.py`); results are stored in the index database as they arrive
(`results.py`); `report.py` turns them into markdown, JSON and an SVG chart.
"""
