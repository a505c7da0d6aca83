"""Reading a workspace into the index: the file walk, reading files, tree-sitter extraction
(whole files and re-extracted windows), the indexer and the file watcher."""
