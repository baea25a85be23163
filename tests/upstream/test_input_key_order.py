"""Upstream: Textual 8.2's Input has the TextArea's key-order defect (Textualize/textual#6605).

Input inserts printable keys in ``Input._on_key`` but runs backspace, home, ctrl+u... only after
the key bubbled to the App. ``prox<backspace>d`` typed in one burst into the review's
sandbox-name box gives ``prox`` (the d is deleted), not ``prod``: it fails closed there, but a
filter or command line typed the same way does the wrong thing. ``BindingsInOrder`` fixes it for
any Input subclass that mixes it in.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from flowtui.tui.widgets.key_order import BindingsInOrder
from tests.upstream.bursts import post_burst, typed


class InOrderInput(BindingsInOrder, Input):
    """An Input whose bound keys apply in order with typing."""


BURSTS = [
    pytest.param([*typed("prox"), "backspace", *typed("d")], "prod", id="backspace"),
    pytest.param([*typed("rod"), "home", *typed("p")], "prod", id="home"),
    pytest.param([*typed("dev"), "ctrl+u", *typed("prod")], "prod", id="ctrl+u"),
]


class InputApp(App[None]):
    def __init__(self, box: Input) -> None:
        super().__init__()
        self.box = box

    def compose(self) -> ComposeResult:
        yield self.box

    def on_mount(self) -> None:
        self.box.focus()


async def value_after_burst(box: Input, keys: list[str]) -> str:
    app = InputApp(box)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        post_burst(app, keys)
        for _ in range(20):
            await pilot.pause()
        return box.value


@pytest.mark.parametrize(("keys", "expected"), BURSTS)
async def test_input_with_bindings_in_order_applies_a_burst_as_typed(
    keys: list[str], expected: str
) -> None:
    assert await value_after_burst(InOrderInput(), keys) == expected


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="Textualize/textual#6605: an Input's bound keys run after later characters",
)
@pytest.mark.parametrize(("keys", "expected"), BURSTS)
async def test_upstream_bare_input_applies_a_burst_as_typed(keys: list[str], expected: str) -> None:
    assert await value_after_burst(Input(), keys) == expected
