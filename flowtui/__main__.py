"""``python -m flowtui``."""

from flowtui.cli import main

raise SystemExit(main())
