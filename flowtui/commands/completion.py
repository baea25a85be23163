"""``flowtui completion bash|zsh``: a completion script generated from the argument parser.

Subcommands, their options, the kinds and ``enable``/``disable`` are read from the parser and
the kinds table, so the script cannot drift from what the command accepts.
"""

from __future__ import annotations

import argparse

from flowtui.api.kinds import KINDS

KIND_COMMANDS = ("get", "list", "diff", "apply", "patch", "edit", "open")
"""Subcommands whose first argument is a kind."""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--")
    )


def _choices(parser: argparse.ArgumentParser) -> list[str]:
    return [
        str(choice)
        for action in parser._actions
        if not action.option_strings and action.choices and not _is_subparsers(action)
        for choice in action.choices
    ]


def _is_subparsers(action: argparse.Action) -> bool:
    return isinstance(action, argparse._SubParsersAction)


def bash_script(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for ``flowtui`` (also used by zsh through bashcompinit)."""
    commands = _subparsers(parser)
    kinds = " ".join(kind.name for kind in KINDS)
    cases = []
    for name, sub in sorted(commands.items()):
        nested = _subparsers(sub)
        words = " ".join([*sorted(nested), *_choices(sub), *_options(sub)])
        cases.append(f'        {name}) opts="{words}" ;;')
    return f"""# flowtui completion for bash: eval "$(flowtui completion bash)"
_flowtui() {{
    local cur prev cmd i opts
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            --profile|--sandbox) ((i++)) ;;
            -*) ;;
            *) cmd="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$prev" in
        --profile|--sandbox|--confirm-sandbox|--filter|--orderby|--limit) return 0 ;;
        -o|--output) COMPREPLY=($(compgen -W "json yaml table ids text" -- "$cur")); return 0 ;;
        --ops) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    esac
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W "{" ".join(sorted(commands))} {" ".join(_options(parser))}" \\
            -- "$cur"))
        return 0
    fi
    case " {" ".join(KIND_COMMANDS)} " in
        *" $cmd "*)
            if [[ "$prev" == "$cmd" ]]; then
                COMPREPLY=($(compgen -W "{kinds}" -- "$cur"))
                return 0
            fi ;;
    esac
    case "$cmd" in
{chr(10).join(cases)}
        *) opts="" ;;
    esac
    if [[ "$cur" == -* || "$cmd" == completion || "$cmd" == flow ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o default -F _flowtui flowtui
"""


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """The bash function, loaded in zsh through its bash-completion emulation."""
    return (
        '# flowtui completion for zsh: eval "$(flowtui completion zsh)"\n'
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(parser)
    )


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    return zsh_script(parser) if shell == "zsh" else bash_script(parser)
