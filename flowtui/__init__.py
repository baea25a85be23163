"""flowtui: a terminal UI for the Adobe Experience Platform Flow Service API."""

__version__ = "0.1.0"
