"""The cold-start anchor: a bare Textual app, header, ``DataTable`` and footer, showing rows read
from a JSON file (``python -m benchmarks.bare_app ROWS.json``)."""

from __future__ import annotations

import json
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareTable(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("Name", "State", "Flow spec", "Updated", "ID")
        with open(sys.argv[1], encoding="utf-8") as rows:
            table.add_rows(json.load(rows))


if __name__ == "__main__":
    BareTable().run()
