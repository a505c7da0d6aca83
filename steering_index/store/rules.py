"""Rule search: the steering rules' sections, searchable by full text (BM25)."""

from __future__ import annotations

from collections.abc import Sequence

from steering_index.model import Rule
from steering_index.store.database import Database
from steering_index.store.encoding import fts_query


class RuleSearch(Database):
    """The rules table and its full-text index (a part of `IndexStore`)."""

    def replace_rules(self, rules: Sequence[Rule]) -> None:
        """Make `rules` the searchable rule sections (the previous set is dropped)."""
        with self.write() as con:
            con.execute("INSERT INTO rules_fts(rules_fts) VALUES ('delete-all')")
            con.execute("DELETE FROM rules")
            con.executemany(
                "INSERT OR REPLACE INTO rules(id, title, text, source) VALUES (?,?,?,?)",
                [(r.id, r.title, r.text, r.source) for r in rules],
            )
            con.execute(
                "INSERT INTO rules_fts(rowid, title, text) SELECT rowid, title, text FROM rules"
            )

    def search_rules(self, query: str, limit: int = 20) -> list[tuple[str, float]]:
        """Rule ids whose title or text matches `query` (BM25; higher score is better)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.connection().execute(
            "SELECT rules.id, -bm25(rules_fts, 2.0, 1.0) FROM rules_fts"
            " JOIN rules ON rules.rowid = rules_fts.rowid WHERE rules_fts MATCH ?"
            " ORDER BY bm25(rules_fts, 2.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [(str(r[0]), float(r[1])) for r in rows]
