"""``patrolday check`` goes deep: each defect fixture is found exactly, the clean one passes.

Every folder in tests/stories/defects holds one story with one defect and an
``expected.txt`` (see expectations.py); the checker must report exactly those findings,
at those places. tests/stories/checked/clean exercises loops, parts, routers and meters
and must come out with no finding at all and full coverage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from expectations import read_expected
from tooling_helpers import CLEAN, DEFECTS

from patrolday.engine import load_story, replay
from patrolday.engine.runtime import Step
from patrolday.tooling.explore import check_story

CASES = sorted(p.name for p in DEFECTS.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_defect_fixture_reports_exactly_its_defect(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEFECTS / name)
    report = check_story(load_story("."))
    expected = read_expected(DEFECTS / name)
    got = [f"{f.location.file}:{f.location.line}: {f.code}" for f in report.findings]
    assert got == [place for place, _ in expected]
    for finding, (_, text) in zip(report.findings, expected, strict=True):
        if text is not None:
            assert text in finding.message
    assert report.exhaustive


def test_every_finding_kind_has_a_fixture() -> None:
    from patrolday.tooling.findings import CODES

    covered = {place.split(": ")[-1] for case in CASES for place, _ in read_expected(DEFECTS / case)}
    assert covered == set(CODES)


def test_clean_story_has_no_findings_and_full_coverage() -> None:
    story = load_story(CLEAN)
    report = check_story(story)
    assert report.findings == ()
    cov = report.coverage
    assert (cov.scenes, cov.choices, cov.endings) == (cov.scenes_total, cov.choices_total, cov.endings_total)
    assert report.exhaustive and report.states > 10


def test_shortest_paths_replay_to_their_endings() -> None:
    story = load_story(CLEAN)
    report = check_story(story)
    assert set(report.ending_paths) == {s.id for s in story.endings}
    for ending, path in report.ending_paths.items():
        states = replay(story, [Step(s.scene, s.choice) for s in path.steps], path.part)
        assert states[-1].scene == ending
        assert all(step.label for step in path.steps)
    # "Trusted" needs both yard choices, so it cannot be shorter than five choices.
    assert len(report.ending_paths["end-good"].steps) == 5
    assert report.ending_paths["end-call"].part == "kitchen"


def test_dead_end_finding_carries_the_path_that_leads_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEFECTS / "dead-end")
    (finding,) = check_story(load_story(".")).findings
    assert finding.path is not None
    assert [s.label for s in finding.path.steps] == ["Go to the door"]


def test_meter_and_runtime_findings_have_replayable_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [
        ("meter-range", ["Wave", "Stop and talk"]),
        ("runtime-error", ["Nobody else comes", "Share them out"]),
    ]
    for name, labels in cases:
        monkeypatch.chdir(DEFECTS / name)
        (finding,) = check_story(load_story(".")).findings
        assert finding.path is not None and [s.label for s in finding.path.steps] == labels


def test_too_many_states_falls_back_to_random_runs_and_says_so() -> None:
    report = check_story(load_story(CLEAN), max_states=5, runs=200, seed=7)
    assert not report.exhaustive
    assert report.runs == 200
    assert any("random playthroughs" in note for note in report.notes)
    # Random runs still reach every ending of this small story, honestly counted.
    assert report.coverage.endings == report.coverage.endings_total
    assert all(f.code != "no-way-out" for f in report.findings)


def test_random_runs_are_seeded() -> None:
    story = load_story(CLEAN)
    a = check_story(story, max_states=3, runs=5, seed=1)
    b = check_story(story, max_states=3, runs=5, seed=1)
    assert a.ending_paths == b.ending_paths and a.findings == b.findings


# -- the command, as a user runs it -------------------------------------------------------------


def test_cli_check_prints_file_line_and_fails_under_strict(cli) -> None:  # type: ignore[no-untyped-def]
    case = DEFECTS / "dead-end"
    result = cli("check", ".", cwd=case)
    assert result.returncode == 0, result.stderr
    assert "scenes/a.md:6:1: warning: dead end: scene 'door'" in result.stdout
    assert "    path (main): Go to the door" in result.stdout
    assert "Coverage (every reachable state)" in result.stdout
    strict = cli("check", ".", "--strict", cwd=case)
    assert strict.returncode == 1
    assert "the check fails" in strict.stdout


def test_cli_clean_story_passes_strict(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", str(CLEAN), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No warnings." in result.stdout
    assert "Shortest path to each ending" in result.stdout
    good = "Check the yard -> Call him over -> Check the yard -> Throw the ball back -> End the shift"
    assert good in result.stdout


def test_cli_json_lists_findings_and_coverage(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", ".", "--json", cwd=DEFECTS / "meter-range")
    data = json.loads(result.stdout)
    assert data["ok"] is True
    (diag,) = data["diagnostics"]
    assert (diag["file"], diag["line"], diag["code"]) == ("scenes/a.md", 8, "meter-range")
    assert [s["choice"] for s in diag["path"]["steps"]] == ["wave", "stop-and-talk"]
    assert data["check"]["exhaustive"] is True
    assert data["check"]["limit"] is None
    assert data["check"]["coverage"]["endings"] == 1
    assert cli("check", ".", "--json", "--strict", cwd=DEFECTS / "meter-range").returncode == 1


def test_cli_reports_the_fallback_to_random_runs(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", str(CLEAN), "--max-states", "4", "--runs", "50", "--seed", "3")
    assert result.returncode == 0
    assert "not exhaustive" in result.stdout
    assert "50 random" in result.stdout
    data = json.loads(cli("check", str(CLEAN), "--max-states", "4", "--runs", "5", "--json").stdout)
    assert data["check"]["limit"] == "states" and data["check"]["exhaustive"] is False


def test_cli_load_errors_still_exit_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "story.toml").write_text('[story]\nid = "x"\ntitle = "X"\nstart = "nowhere"\n')
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "a.md").write_text("=== here ===\n# ending: Here\nHi.\n")
    result = cli("check", str(tmp_path))
    assert result.returncode == 1
    assert "unknown start scene 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(cli("check", str(tmp_path), "--json").stdout)
    assert data["ok"] is False


def test_cli_quick_mode_runs_structural_checks_only(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", ".", "--quick", cwd=DEFECTS / "unreached-scene")
    assert "scenes/a.md:5:1: warning: scene 'porch' can never be reached" in result.stdout
    assert "Structural checks only" in result.stdout


def test_scene_passed_on_the_way_to_a_state_seen_before_counts_as_reached(tmp_path: Path) -> None:
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        Two ways to the porch.
        * [Straight there] -> porch
        * [Via the gate] -> gate

        === gate ===
        The gate creaks.
        -> porch

        === porch ===
        # ending: Porch
        You arrive.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes)))
    assert report.findings == ()
    assert report.coverage.scenes == 3


# -- memory (issue 18, item 2) --------------------------------------------------------------------


def chain_story(root: Path, n: int) -> Path:
    """The security review's memory attack, small: once-only Next and sticky Back in a chain."""
    from storyfactory import write_story

    scenes = ["=== start ===\nThe start.\n* [Go] -> s0\n"]
    for k in range(n):
        scenes.append(f"=== s{k} ===\nScene {k}.\n* [Next] -> s{k + 1}\n+ [Back] -> s{max(k - 1, 0)}\n")
    scenes.append(f"=== s{n} ===\n# ending: The end\nDone.\n")
    return write_story(root, {"chain.md": "\n".join(scenes)})


def test_the_memory_limit_stops_the_search_and_says_so(tmp_path: Path) -> None:
    story = load_story(chain_story(tmp_path, 100))
    full = check_story(story)
    assert full.exhaustive and full.limit is None
    used = iter(range(0, 10**12, 10 * 1024 * 1024))  # a fake process growing 10 MB per look
    report = check_story(story, runs=20, max_memory_mb=35, memory=lambda: next(used))
    assert not report.exhaustive
    assert report.limit == "memory"
    assert report.runs == 20
    (note,) = report.notes
    assert "more than 35 MB of memory" in note and "--max-memory" in note and "random playthroughs" in note
    assert check_story(story, max_states=10, runs=5).limit == "states"


def test_states_are_stored_compactly_without_history(tmp_path: Path) -> None:
    from patrolday.tooling.explore import Explorer

    story = load_story(chain_story(tmp_path, 40))
    explorer = Explorer(story, max_states=100_000)
    explorer.search()
    assert not explorer.limit_hit
    # One shared set of taken choices per distinct set, however many states hold it.
    distinct = {id(key[3]) for key in explorer.keys if key[3] is not None}
    assert len(distinct) == len({key[3] for key in explorer.keys if key[3] is not None})
    assert len(explorer.keys) > 10 * len(distinct)


def test_cli_check_has_a_memory_limit(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = chain_story(tmp_path / "story", 5)
    result = cli("check", str(root), "--max-memory", "500")
    assert result.returncode == 0, result.stderr
    assert "every reachable state" in result.stdout
    bad = cli("check", str(root), "--max-memory", "0")
    assert bad.returncode == 2 and "at least 1" in bad.stderr


def test_compaction_knows_every_field_of_a_game_state() -> None:
    """A new GameState field must be either kept or dropped on purpose by tooling/states.py."""
    from dataclasses import fields

    from patrolday.engine import GameState
    from patrolday.tooling.states import COMPACTED, KEPT

    assert {f.name for f in fields(GameState)} == set(COMPACTED) | set(KEPT)


def test_the_checker_tells_states_apart_by_their_tunnel_return_stack(tmp_path: Path) -> None:
    """Two callers share one tunnel scene; merging its states would lose one caller's ending."""
    from storyfactory import write_story

    story = load_story(
        write_story(
            tmp_path / "s",
            {
                "a.md": """
                === start ===
                * [Left] -> side -> end-left
                * [Right] -> side -> end-right
                === side ===
                + [Back] ->->
                === end-left ===
                # ending: Left
                === end-right ===
                # ending: Right
                """
            },
        )
    )
    report = check_story(story)
    assert report.findings == ()
    assert set(report.ending_paths) == {"end-left", "end-right"}


def test_a_fallback_offered_as_continue_is_explored(tmp_path: Path) -> None:
    """The fallback rule (issue 11 bug 7): when every shown choice is disabled with a reason,
    the scene offers its fallback as "Continue"; that is no dead end, and it leads on."""
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        A locked gate.
        * {false else "It is locked."} [Open the gate] -> garden
        * -> road

        === garden ===
        # ending: Garden
        Roses.

        === road ===
        # ending: Road
        Dust.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes)))
    codes = [f.code for f in report.findings]
    assert "dead-end" not in codes
    assert set(report.ending_paths) == {"road"}
    assert codes == ["unreached-ending", "unavailable-choice"]
    assert [s.label for s in report.ending_paths["road"].steps] == ["Continue"]


def test_a_tunnel_scene_called_twice_remembers_its_once_only_choices(tmp_path: Path) -> None:
    """A tunnel is entered once per call, with no loop in the story: its once-only choices are
    observable all the same (the second call must not offer a choice the first one used up)."""
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        * [Ask] -> side -> middle

        === middle ===
        * [Ask again] -> side -> end

        === side ===
        * [Tell the story] ->->
        + [Say nothing] -> lost

        === lost ===
        # ending: Silence
        Nothing.

        === end ===
        # ending: Told
        Done.
        """
    }
    report = check_story(load_story(write_story(tmp_path, scenes)))
    assert report.exhaustive
    # The second call cannot tell the story again: only "Say nothing" is left there, so the
    # ending "Told" needs... no way: it is unreachable, and the checker must say so.
    assert "end" not in report.ending_paths
    assert [f.code for f in report.findings] == ["unreached-ending"]
    assert not any(f.code == "unreached-scene" for f in report.findings)
    from patrolday.tooling import analysis

    assert {"side", "middle", "end"} <= analysis.static_reachable(load_story(tmp_path))


def test_a_block_condition_that_counts_visits_keeps_them_in_the_state(tmp_path: Path) -> None:
    """A conditional block reads visits(); merging states that differ in that count would
    lose the branch that sets the flag, and with it the ending."""
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        The hall.
        + [Walk round] -> hall
        * {ready} [Leave] -> out

        === hall ===
        { visits(hall) >= 3:
          ~ ready = true
          You know the way now.
        }
        + [Back] -> start

        === out ===
        # ending: Out
        Air.
        """
    }
    story = load_story(write_story(tmp_path, scenes, variables="[vars.ready]\ninitial = false\n"))
    report = check_story(story)
    assert report.exhaustive
    assert set(report.ending_paths) == {"out"}
    assert [f.code for f in report.findings] == []


def test_what_a_tunnel_reads_is_live_where_it_is_called(tmp_path: Path) -> None:
    """The tunnel scene reads `kind`, set differently on two paths into the caller: merging
    the caller's states on them would hide one of the tunnel's outcomes."""
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        * [Kindly] ~ kind = true -> door
        * [Curtly] -> door

        === door ===
        * [Knock] -> talk -> after

        === talk ===
        * {kind} [Smile] ~ smiled = true ->->
        * {not kind} [Frown] ->->

        === after ===
        * {smiled} [Wave] -> end-wave
        * {not smiled} [Go] -> end-go

        === end-wave ===
        # ending: Wave
        Bye.

        === end-go ===
        # ending: Go
        Gone.
        """
    }
    variables = "[vars.kind]\ninitial = false\n\n[vars.smiled]\ninitial = false\n"
    report = check_story(load_story(write_story(tmp_path, scenes, variables=variables)))
    assert set(report.ending_paths) == {"end-wave", "end-go"}
    assert report.findings == ()


def test_text_reading_a_carried_variable_is_not_judged(tmp_path: Path) -> None:
    """A part's carried values come from another playthrough: the search of that part cannot
    say the text they guard never shows."""
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === one ===
        * [Help] ~ helped = true -> end-one
        * [Leave] -> end-one

        === end-one ===
        # ending: One
        Done.

        === two ===
        # ending: Two
        {helped: You helped, that morning.|You left, that morning.}
        """
    }
    extra = """
    [[parts]]
    id = "first"
    title = "First"
    start = "one"

    [[parts]]
    id = "second"
    title = "Second"
    start = "two"
    carry = ["helped"]
    """
    story = load_story(write_story(tmp_path, scenes, start="one", extra=extra,
                                   variables="[vars.helped]\ninitial = false\n"))
    assert [f.code for f in check_story(story).findings] == []


def test_visit_counts_and_taken_flags_are_kept_only_while_something_ahead_reads_them(
    tmp_path: Path,
) -> None:
    from patrolday.tooling import analysis
    from storyfactory import write_story

    scenes = {
        "a.md": """
        === start ===
        * [Look] -> look
        * [Go] -> gate

        === look ===
        + [Back] -> start

        === gate ===
        * {visited(look)} [Remember] -> hall
        * [Walk on] -> hall

        === hall ===
        + [Wait] -> hall
        * [Leave] -> end

        === end ===
        # ending: End
        Done.
        """
    }
    story = load_story(write_story(tmp_path, scenes))
    live = analysis.live_counts(story)
    assert "look" in live["start"][0] and "look" in live["gate"][0]
    assert "look" not in live["hall"][0]  # nothing after the gate asks: states there merge
    assert "hall/leave" in live["hall"][1] and "start/look" not in live["hall"][1]
    report = check_story(story)
    assert report.exhaustive and report.findings == ()
