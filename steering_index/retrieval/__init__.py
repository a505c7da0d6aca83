"""The focused context a model call gets: candidates, ranking, floors and the token budget."""
