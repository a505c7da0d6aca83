"""The steering engine: rules, code index, conventions, retrieval and the model ladder.

This package never imports pygls, lsprotocol or the `server` package; outside `llm/` it
does not import `anthropic` either (tests/test_architecture.py keeps these arrows honest).
"""

__version__ = "0.1.0"
