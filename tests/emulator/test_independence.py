"""The emulator is an independent implementation: it shares no code with the client or the
patch engine, so one mistake cannot hide on both sides of the wire."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_importing_the_emulator_loads_no_client_or_patching_code() -> None:
    script = textwrap.dedent(
        """
        import sys
        import flowtui.emulator, flowtui.emulator.server
        from flowtui.emulator import create_app
        create_app()
        bad = sorted(m for m in sys.modules if m.startswith(("flowtui.api", "flowtui.patching",
                                                            "flowtui.tui", "flowtui.store")))
        print(",".join(bad))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
