"""flowtui as a command: get, list, diff, apply, patch, edit and flow enable/disable.

The same session, guards, drafts and audit log as the TUI, without Textual: these modules use
the TUI's edit workflow (``flowtui.edits.editing``, ``submission``, ``resolution``), which imports
no Textual. ``flowtui.cli`` parses the arguments and calls ``run.run_command``.
"""
