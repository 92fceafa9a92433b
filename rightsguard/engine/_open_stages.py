"""Where a run's open disputes stand: counted batch by batch, told in the run's notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from rightsguard._counts import add_counts
from rightsguard._schema import PLATFORM_STAGES
from rightsguard._vocabulary import say, stage_names, text
from rightsguard.io._stages import unknown_status_words
from rightsguard.scoring._features import FeatureLevels

WORDS_NAMED = 5
"""Unknown status wordings a note names (the commonest)."""


@dataclass
class OpenStages:
    """Open disputes per stage (``""``: not said) and the status words no stage matched.

    Attributes
    ----------
    by_stage
        Open disputes per canonical stage.
    unknown_words
        Open disputes per unrecognised ``退款状态 / 客服介入状态`` wording.
    """

    by_stage: dict[str, int] = field(default_factory=dict)
    unknown_words: dict[str, int] = field(default_factory=dict)

    def add(self, decided: pl.DataFrame) -> OpenStages:
        """Count one batch of decided disputes; returns itself."""
        stages = decided["stage"].filter(decided["resolution"] == "open").cast(pl.String).fill_null("")
        add_counts(self.by_stage, stages.value_counts().iter_rows())
        if "other" in stages:
            add_counts(
                self.unknown_words,
                unknown_status_words(decided.filter(pl.col("resolution") == "open")).iter_rows(),
            )
        return self

    def merge(self, other: OpenStages) -> OpenStages:
        """Add the counts of ``other``, of other batches; returns itself."""
        add_counts(self.by_stage, other.by_stage)
        add_counts(self.unknown_words, other.unknown_words)
        return self

    def notes(self, levels: FeatureLevels, as_of: datetime | None, lang: str) -> list[str]:
        """What the stages (and, for cases whose stage is not said, the time open) did to the open
        disputes' scores as of ``as_of``, and which words no stage matched."""
        if not sum(self.by_stage.values()) or as_of is None:
            return []
        stage_times, time_open, found = levels.stage_times, levels.time_open, []
        platform = sum(self.by_stage.get(s, 0) for s in PLATFORM_STAGES)
        said = sum(n for s, n in self.by_stage.items() if s not in ("", "other"))
        if stage_times.learned:
            names = text("voucher_separator", lang).join(stage_names(lang)[s] for s in stage_times.stages)
            found.append(
                say(
                    "note_stages_learned",
                    lang,
                    stages=names,
                    negotiated=stage_times.n_negotiated,
                    escalated=stage_times.n_escalated,
                )
            )
        elif said:
            found.append(say("note_stages_one_export", lang, platform=platform))
        if self.by_stage.get(""):
            found.append(say("note_stages_unsaid", lang, n=self.by_stage[""]))
        if self.by_stage.get("") or self.by_stage.get("other"):
            found.append(
                say(
                    "note_time_open",
                    lang,
                    as_of=f"{as_of:%Y-%m-%d %H:%M}",
                    negotiated=time_open.n_negotiated,
                    escalated=time_open.n_escalated,
                )
                if time_open.learned
                else say("note_time_open_unknown", lang)
            )
        if self.unknown_words:
            commonest = sorted(self.unknown_words.items(), key=lambda item: (-item[1], item[0]))
            words = ", ".join(f"'{w}' ({n})" for w, n in commonest[:WORDS_NAMED])
            found.append(say("note_stage_words_unknown", lang, n=self.by_stage.get("other", 0), words=words))
        return found
