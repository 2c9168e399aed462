"""Every option of every command says what it does."""

from __future__ import annotations

import click

from align.cli import cli, main


def subcommands(group: click.Group) -> dict[str, click.Command]:
    """A group's sub-commands, loaded (the top group loads them lazily)."""
    ctx = click.Context(group)
    return {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}  # type: ignore[misc]


def all_options(command: click.Command, path: str) -> list[tuple[str, click.Option]]:
    found = [(path, p) for p in command.params if isinstance(p, click.Option)]
    if isinstance(command, click.Group):
        for name, sub in subcommands(command).items():
            found += all_options(sub, f"{path} {name}")
    return found


def test_every_command_loads_by_its_name() -> None:
    from align.cli.commands import COMMANDS

    assert list(subcommands(cli)) == list(COMMANDS)
    assert all(sub.name == name for name, sub in subcommands(cli).items())


def test_every_option_has_help() -> None:
    undocumented = [
        f"{path} {opt.opts[0]}" for path, opt in all_options(cli, "align") if not opt.help and not opt.hidden
    ]
    assert undocumented == []


def test_models_install_with_one_code_names_the_two_code_form(capsys) -> None:
    assert main(["models", "install", "en"]) == 2
    err = capsys.readouterr().err
    assert "align models install en TO" in err and err.count("\n") == 1


def test_one_vocabulary_for_languages() -> None:
    from click.testing import CliRunner

    def helps(command: click.Command, args: list[str]) -> list[str]:
        out = [CliRunner().invoke(cli, [*args, "--help"]).output]
        if isinstance(command, click.Group):
            for name, sub in subcommands(command).items():
                out += helps(sub, [*args, name])
        return out

    text = "\n".join(helps(cli, []))
    for old in ("--src-lang", "--tgt-lang", "--lang "):
        assert old not in text, f"{old} shows in --help"
    assert text.count("--from") >= 6


def test_old_language_option_names_still_work(tmp_path, align_home, capsys) -> None:
    src, tgt = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text("The talks resumed on Monday in Geneva.\n")
    tgt.write_text("Les pourparlers ont repris lundi à Genève.\n")
    new = main(["pair", str(src), str(tgt), "--from", "en", "--to", "fr", "--presplit"])
    new_out = capsys.readouterr().out
    old = main(["pair", str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "fr", "--presplit"])
    assert new == old == 0 and capsys.readouterr().out == new_out


def test_the_cli_starts_without_the_evaluation_tooling() -> None:
    import subprocess
    import sys

    code = "import sys, align.cli; print(sorted(m for m in sys.modules if m.startswith('align.bench')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_variant_choices_are_the_variants() -> None:
    from align.bench.variants import VARIANTS
    from align.cli.options import VARIANT_NAMES

    assert VARIANT_NAMES == VARIANTS


def test_filter_help_says_reject_with_the_rules_own_defaults() -> None:
    from click.testing import CliRunner

    from align.cli import cli
    from align.corpus import FilterRules

    out = CliRunner().invoke(cli, ["corpus", "filter", "--help"], terminal_width=200).output
    assert "Flag" not in out and out.count("Reject") >= 3
    assert (
        f"[default: {FilterRules().max_length_ratio};" in out
        and f"[default: {FilterRules().min_script_share};" in out
    )


def test_the_aligners_public_settings_are_listed_where_they_can_be_set() -> None:
    from click.testing import CliRunner

    from align.align import AlignConfig

    for args in (["pair"], ["eval"], ["corpus", "add-pair"], ["corpus", "add-pairs"]):
        text = " ".join(CliRunner().invoke(cli, [*args, "--help"], terminal_width=400).output.split())
        assert all(f"{name}: " in text for name in AlignConfig.settings()), args
        assert "length_weight" not in text and "full_limit" not in text, "tuning knobs stay in the lab"


def test_pair_takes_aligner_settings(tmp_path, align_home, capsys) -> None:
    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.ar.txt"
    src.write_text(
        "The minister arrived in Baghdad on Monday.\nHe met the prime minister.\n", encoding="utf-8"
    )
    tgt.write_text("وصل الوزير إلى بغداد يوم الاثنين والتقى رئيس الوزراء.\n", encoding="utf-8")
    args = ["pair", str(src), str(tgt), "--from", "en", "--to", "ar", "--presplit", "--encoder", "muse"]
    assert main([*args, "--set", "length_weight=0"]) == 2
    assert "length_weight is a tuning knob" in capsys.readouterr().err
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("[0, 1]:[0]:"), "by default the two sentences merge"
    assert main([*args, "--set", "max_merge=1"]) == 0
    assert "[0, 1]" not in capsys.readouterr().out, "the setting reaches the aligner"
    assert main([*args, "--set", "max_merge=1", "--max-merge", "2"]) == 0
    assert capsys.readouterr().out.startswith("[0, 1]:[0]:"), "--max-merge is --set max_merge"


def test_align_pair_on_text_loads_only_what_it_needs(tmp_path, align_home) -> None:
    # The sub-commands load lazily and each input format's reader when such an input comes: a text
    # pair needs neither the corpus, the review server, the evaluation tooling nor the HTML,
    # DOCX, Markdown and PDF readers and renderers.
    import subprocess
    import sys

    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.fr.txt"
    src.write_text("The talks resumed on Monday in Geneva.\n", encoding="utf-8")
    tgt.write_text("Les pourparlers ont repris lundi à Genève.\n", encoding="utf-8")
    argv = ["pair", str(src), str(tgt), "--from", "en", "--to", "fr", "-o", str(tmp_path / "o")]
    code = f"import sys\nfrom align.cli import main\nmain({argv!r})\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert "align.pipeline" in loaded and (tmp_path / "o").is_file(), "the pair was aligned"
    unwanted = (
        "align.corpus",
        "align.review",
        "align.bench",
        "trafilatura",
        "docx",
        "markdown_it",
        "pdfminer",
    )
    assert [m for m in loaded if m.split(".")[0] in unwanted or m.startswith(unwanted)] == []
