"""Local state kept on disk: drafts of edits in progress, the audit log, draft locks."""
