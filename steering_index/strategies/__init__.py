"""Strategies: short playbooks a frontier model wrote once, that the small model follows after.

A strategy lives in `.steering/strategies/NAME.md` (`format.py`), is ranked against each
task and sent in its own block of the request (`ranking.py`, `retrieval/strategies.py`),
is written by `steering strategies draft` and `steering ask --learn` (`writing.py`), and
helps pick a tier (`routing.py`). The modules are imported one by one: the rules engine
reads the format, and must not pull in the model code with it.
"""
