"""The screens: browsing (main, record, related, help) and editing (editor, review, ...)."""
