"""The edit workflow as plain Python over api, patching and store: editing a record's JSON,
submitting it (with honest outcomes), undoing a submit, resolving a conflict, and reading a
list filter. Shared by the TUI and the command line; it imports nothing from Textual.
"""
