"""Which command-line arguments are options and which are text: one rule for every script.

ripgrep's and grep's convention, made safe for queries that exclude words (``-футбол``):

- everything after ``--`` is text;
- an argument starting with ``--`` is an option; an unknown one is an error that names
  the closest option and says how to search text that starts with ``-``;
- an argument starting with a single ``-`` is an option only when it *is* one of the
  command's short options (``-n``, ``-h``), or a short option with its number attached
  (``-n5``); anything else (``-tennis``, ``-футбол``, ``-الفندق``, ``-hotels Astana``)
  is text, whatever its script.

Example:
    >>> opts = {"-n": True, "--limit": True, "--json": False, "-h": False, "--help": False}
    >>> split_text_arguments(["-tennis", "Kazakhstan", "-n", "5", "--json"], opts)
    ['-n', '5', '--json', '--', '-tennis', 'Kazakhstan']
    >>> split_text_arguments(["--json", "--", "-n"], opts)
    ['--json', '--', '-n']
    >>> split_text_arguments(["--josn", "word"], opts)
    Traceback (most recent call last):
    ...
    click.exceptions.UsageError: no such option --josn (did you mean --json?); to search text that starts with '-', put it after '--': search -- --josn
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import click


def known_options(command: click.Command, ctx: click.Context) -> dict[str, bool]:
    """Every option name of ``command`` -> whether it takes a value."""
    out: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            takes_value = not (param.is_flag or param.count)
            for name in (*param.opts, *param.secondary_opts):
                out[name] = takes_value
    return out


def _is_short_with_number(arg: str, options: Mapping[str, bool]) -> bool:
    """``-n5``: a short option that takes a value, with a number attached."""
    return options.get(arg[:2], False) and arg[2:].isascii() and arg[2:].isdigit()


def _unknown(arg: str, options: Mapping[str, bool], command_name: str) -> click.UsageError:
    import difflib  # only for this message
    import shlex

    name = arg.split("=", 1)[0]
    close = difflib.get_close_matches(name, [o for o in options if o.startswith("--")], n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return click.UsageError(
        f"no such option {name}{hint}; to search text that starts with '-', "
        f"put it after '--': {command_name} -- {shlex.quote(arg)}"
    )


def split_text_arguments(args: Sequence[str], options: Mapping[str, bool], command_name: str = "search") -> list[str]:
    """``args`` reordered as options first, then ``--``, then the text arguments.

    ``options`` maps each option name to whether it takes a value (:func:`known_options`).
    Raises :class:`click.UsageError` for an unknown ``--option``.
    """
    opts: list[str] = []
    text: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            text.extend(args[i + 1 :])
            break
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            if name not in options:
                raise _unknown(arg, options, command_name)
            opts.append(arg)
            if options[name] and "=" not in arg and i + 1 < len(args):
                i += 1
                opts.append(args[i])  # the option's value, taken as it is ("--index -x")
        elif arg in options:
            opts.append(arg)
            if options[arg] and i + 1 < len(args):
                i += 1
                opts.append(args[i])
        elif arg.startswith("-") and _is_short_with_number(arg, options):
            opts.append(arg)
        else:
            text.append(arg)
        i += 1
    return [*opts, "--", *text] if text else opts


class TextCommand(click.Command):
    """A command whose arguments are text (a query, a text to analyse): see the module docstring."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args:
            try:
                args = split_text_arguments(args, known_options(self, ctx), ctx.command_path)
            except click.UsageError as exc:
                exc.ctx = ctx
                raise
        return super().parse_args(ctx, args)
