//! What a merge produces: every figure, list and flag a report or the chair's view needs,
//! so neither ever reads the campaign again, and its canonical bytes.
//!
//! Every struct declares its fields in bytewise key order. serde_json then writes exactly
//! the bytes that a round trip through `serde_json::Value` (whose maps sort their keys)
//! would give, without building that tree; `tests/merge_canonical.rs` holds the two equal.

pub use super::rational::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the merge output's layout.
pub const MERGE_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeOutput {
    /// Per expert: their totals as percentile ranks in their own sheet, and the order they
    /// give each direction, beside the official rank.
    pub calibration: Vec<ExpertCalibration>,
    pub campaign: CampaignRef,
    /// Scores changed in a later round, with the reason given (or flagged for lacking one).
    pub changes: Vec<ScoreChange>,
    /// Blocking conflicts of interest the rules found (C1-C6) between each panel's experts
    /// and the applications the panel reviews, one per rule, by application, expert and
    /// rule: the recusals that kept those applications out of the experts' packages, and
    /// the ones the chair overrode. Declarations in the sheets are in `declarations`.
    #[serde(default)]
    pub conflicts: Vec<ConflictNote>,
    /// The cut line, when the campaign sets one.
    pub cut: Option<CutLine>,
    /// The signed decisions the merge weighed, with what each decided and why, in the
    /// order they were made: by effective date, each after the one it supersedes, then by
    /// digest. The minutes' record of triage, draws, overrides and rounds.
    #[serde(default)]
    pub decision_notes: Vec<DecisionNote>,
    /// Digests of the decisions the merge was given, sorted, without repeats.
    pub decisions: Vec<String>,
    /// Conflicts the experts declared in their sheets.
    pub declarations: Vec<DeclarationNote>,
    pub directions: Vec<DirectionResult>,
    /// Divergent applications in the order the panel discusses them.
    pub divergence_queue: Vec<QueueEntry>,
    /// Scores that did not count, by expert and application.
    pub dropped: Vec<DroppedScores>,
    /// Applications out of review, listed apart with the reason.
    pub failed: Vec<FailedApplication>,
    pub format: u32,
    /// Blocking conflicts the chair overrode whose scores counted.
    pub overrides: Vec<OverrideUsed>,
    /// Expert totals left out because a criterion is unscored.
    pub partial_totals: Vec<PartialTotal>,
    /// 拟推荐名单: by direction code, then rank.
    pub recommended: Vec<Recommended>,
    /// The round each panel's applications were counted at.
    pub rounds: Vec<PanelRound>,
    pub settings: SettingsUsed,
    /// The winning sheet of each expert (attendance), by expert id.
    pub sheets: Vec<SheetRef>,
    /// Lower revisions that lost to a winning sheet.
    pub superseded: Vec<SupersededRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRef {
    pub digest: String,
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub review_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsUsed {
    pub cut_min_score: Option<Decimal>,
    pub cut_top_n: Option<u32>,
    pub divergence: Decimal,
    pub min_complete: u32,
    pub trim_min_n: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelRound {
    pub directions: Vec<u8>,
    /// The panel's experts as the campaign or the signed draw sets them (reserves apart).
    #[serde(default)]
    pub experts: Vec<String>,
    pub name: String,
    pub panel: String,
    pub round: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRef {
    /// The sheet's digest (hex): the SM3 value its signature is made on, so the one the
    /// signature check computes. For SM2, GB/T 32918's `e` = SM3(Z_A || body), `Z_A` from
    /// the distinguishing id and the expert's public key; for Ed25519, SM3 of the body.
    pub digest: String,
    pub expert: String,
    pub expert_name: String,
    pub pledged: bool,
    /// When the expert acknowledged the commitment, as the sheet records it.
    #[serde(default)]
    pub pledged_at: Option<String>,
    pub revision: u64,
    pub round: u32,
    /// How many scores the sheet holds, counted or not.
    pub scores: u64,
    /// Name of the expert's unit.
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SupersededRef {
    pub expert: String,
    pub revision: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRef {
    pub en: String,
    pub id: String,
    pub max: Decimal,
    pub zh: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectionResult {
    pub code: u8,
    /// The rubric's criteria in rubric order; every per-criterion list below follows it.
    pub criteria: Vec<CriterionRef>,
    pub name_en: String,
    pub name_zh: String,
    /// Ranked applications, best first.
    pub ranking: Vec<ApplicationResult>,
    pub rubric: String,
    /// Reviewed applications without a single complete total, by id.
    pub unranked: Vec<ApplicationResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommenderRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationResult {
    pub application: String,
    /// What placed it below the application ranked just above: `score`,
    /// `criterion:<id>`, `priority` or `id`. None for the first and for the unranked.
    pub decided_by: Option<String>,
    /// One row per expert with at least one counted score, by expert id.
    pub experts: Vec<ExpertRow>,
    /// Figures of the counted round; None when no total is complete.
    pub figures: Option<Figures>,
    pub flags: Vec<Flag>,
    pub fragility: Option<Fragility>,
    pub joint_units: Vec<UnitRef>,
    pub lead_unit: Option<UnitRef>,
    pub name: String,
    pub priority: u32,
    pub rank: Option<u32>,
    pub recommended: bool,
    pub recommender: RecommenderRef,
    /// The round counted: the highest round its panel opened.
    pub round: u32,
    /// The same figures from round-1 scores alone, when a later round is counted.
    pub round1: Option<Figures>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRow {
    /// Comments in rubric order; empty when the expert wrote none.
    #[serde(default, skip_serializing_if = "all_empty")]
    pub comments: Vec<String>,
    pub expert: String,
    /// Criteria without a score: the total is partial and left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Present when the chair overrode this pair's blocking conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    /// Reasons given for later-round scores, in rubric order; empty when none.
    #[serde(default, skip_serializing_if = "all_empty")]
    pub reasons: Vec<String>,
    /// Round-1 scores in rubric order, shown beside the counted ones when a later round
    /// is counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round1: Option<Vec<Option<Decimal>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round1_total: Option<Decimal>,
    /// Counted scores in rubric order; null where unscored.
    pub scores: Vec<Option<Decimal>>,
    /// The expert's total; None when partial.
    pub total: Option<Decimal>,
}

fn all_empty(v: &[String]) -> bool {
    v.iter().all(String::is_empty)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// How many complete totals of unconflicted experts count.
    pub complete: u32,
    /// Plain means of each criterion over the same experts, in rubric order.
    pub criterion_means: Vec<Decimal>,
    pub mean: Decimal,
    pub median: Decimal,
    /// The trimmed mean when `trimmed`, the mean otherwise; rounded for display.
    pub panel_score: Decimal,
    /// The panel score as an exact fraction of hundredths of a point (`26201/3`).
    pub panel_score_exact: String,
    /// Highest total minus lowest.
    pub spread: Decimal,
    /// Whether one highest and one lowest total were dropped.
    pub trimmed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A later-round score differs from the round before and carries no reason.
    ChangedWithoutReason,
    /// Scores of a blocked (expert, application) pair were dropped.
    ConflictsDropped,
    /// Spread at or over the campaign's divergence threshold.
    Divergence,
    /// Fewer complete totals than the campaign's minimum.
    Incomplete,
    /// Scores from an expert not assigned to the application were dropped.
    NotAssignedDropped,
    /// A chair's override let a conflicted expert's scores count.
    OverridesUsed,
    /// An expert's total was partial and left out.
    PartialTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragility {
    /// The expert whose absence gives the best rank (smallest id among equals); None when
    /// no absence improves on the official rank.
    pub best_without: Option<String>,
    /// Worst rank over the official merge and every merge leaving one expert out.
    pub max: u32,
    /// Best rank over the same merges.
    pub min: u32,
    /// Experts without whom it would have no complete total at all.
    pub unranked_without: Vec<String>,
    /// The expert whose absence gives the worst rank; None when none worsens it.
    pub worst_without: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedApplication {
    pub application: String,
    pub direction: u8,
    pub lead_unit: Option<UnitRef>,
    pub name: String,
    pub reason_en: String,
    pub reason_zh: String,
    pub recommender: RecommenderRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropKind {
    /// A blocking conflict, from the rules or declared in the expert's own sheet.
    Conflict,
    /// The application failed formal review.
    FailedApplication,
    /// The application is in no direction of a panel the expert stands on.
    NotAssigned,
    /// The score's round is above the highest round the panel opened.
    RoundNotOpen,
    UnknownApplication,
    /// Not a criterion of the application's rubric.
    UnknownCriterion,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DroppedScores {
    pub application: String,
    /// The criteria concerned (unknown criterion, round not open: `criterion@round`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    pub expert: String,
    pub kind: DropKind,
    /// Rule ids of a conflict (`C1`, `C4` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// How many scores were dropped.
    pub scores: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OverrideUsed {
    pub application: String,
    pub expert: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScoreChange {
    pub application: String,
    pub criterion: String,
    pub expert: String,
    pub from: Decimal,
    pub from_round: u32,
    pub reason: String,
    pub round: u32,
    pub to: Decimal,
    pub without_reason: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialTotal {
    pub application: String,
    pub expert: String,
    pub missing: Vec<String>,
}

/// One blocking conflict the rules found between an expert and an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictNote {
    pub application: String,
    pub expert: String,
    pub expert_name: String,
    /// Whether the chair overrode this rule for the pair in writing (the reason is in
    /// `decision_notes` and, when the expert's scores counted, in `overrides`).
    pub overridden: bool,
    /// The conflict rule: `C1` ... `C6`.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DeclarationNote {
    pub application: String,
    pub expert: String,
    pub reason: String,
}

/// One signed decision as the records show it: the ruling flattened into optional fields
/// (only those its kind has), the reason, the signer and the date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecisionNote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// Key id of the signer.
    pub by: String,
    pub date: String,
    /// SM3 (hex) of the decision file, as in `decisions`.
    pub digest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<String>,
    /// `triage`, `override`, `confirm`, `dismiss`, `draw` or `round`.
    pub kind: String,
    /// The other application of an E6 confirmation or dismissal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
    /// A draw's panel size (experts per panel), as its signed panels hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_size: Option<u32>,
    /// The reason as the signer wrote it; empty for a first draw, which needs none.
    pub reason: String,
    /// A draw's reserves per panel, as its signed panels hold them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserves: Option<u32>,
    /// `chair` or `secretariat`.
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A draw's seed, as a decimal string: seeds may exceed JSON's safe integers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// The `digest` of the decision that replaced this one on its subject, when one did
    /// (the next in the subject's chain, by the precedence the rules weigh decisions with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// The `digest` of the decision this one names in its signed `supersedes`, when that
    /// decision is among those read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// A triage verdict: `pass`, `fail` or `info`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub application: String,
    pub direction: u8,
    pub name: String,
    pub rank: Option<u32>,
    pub spread: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommended {
    pub application: String,
    pub direction: u8,
    pub lead_unit: Option<UnitRef>,
    pub name: String,
    pub panel_score: Decimal,
    pub rank: u32,
    pub recommender: RecommenderRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutLine {
    /// Incomplete applications above the line: they hold their place but are not
    /// recommended until they have enough complete totals.
    pub held_back: Vec<String>,
    pub min_score: Option<Decimal>,
    pub top_n: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertCalibration {
    pub directions: Vec<DirectionCalibration>,
    pub expert: String,
    /// Mean of the expert's complete totals.
    pub mean_total: Option<Decimal>,
    pub name: String,
    /// How many complete totals the expert gave.
    pub totals: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectionCalibration {
    pub code: u8,
    /// In the order the expert's own totals give.
    pub entries: Vec<CalibrationEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalibrationEntry {
    pub application: String,
    pub expert_rank: u32,
    pub official_rank: Option<u32>,
    /// Mid-rank percentile of this total among all the expert's complete totals.
    pub percentile: Decimal,
    pub total: Decimal,
}

/// The output's canonical bytes: JSON with keys sorted bytewise, no whitespace, and only
/// strings, integers, booleans, nulls, arrays and objects.
pub fn to_canonical_json(out: &MergeOutput) -> Vec<u8> {
    to_canonical_parts(out).concat()
}

/// The same bytes in consecutive pieces, serialised on all cores: a large merge writes
/// 40 MB, most of it the directions' records and the experts' calibration. Written one
/// after the other, the pieces are exactly [`to_canonical_json`]'s bytes (and serde_json's
/// of the whole), without holding them twice to join them.
pub fn to_canonical_parts(out: &MergeOutput) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    let whole = canonical_into(out, &mut |p| parts.push(p), |emit| {
        let all: Vec<&DirectionResult> = out.directions.iter().collect();
        for d in super::par::par_map(all, |d| serde_json::to_vec(d).ok()) {
            emit(d);
        }
    });
    // Serialising these plain structs cannot fail; were one to, the output would be empty
    // and caught by its own digest check downstream, as before.
    if whole {
        parts
    } else {
        Vec::new()
    }
}

/// Emits `out`'s canonical bytes in consecutive pieces, in order, each as soon as it is
/// made; `directions` emits the directions' records (one piece each, `None` for one
/// that could not be serialised), so they can come from elsewhere than `out.directions`
/// and be written while later ones are still being made. Whether every piece was made:
/// after a failure, nothing more is emitted and the pieces already emitted are no whole.
pub(super) fn canonical_into(
    out: &MergeOutput,
    sink: &mut dyn FnMut(Vec<u8>),
    directions: impl FnOnce(&mut dyn FnMut(Option<Vec<u8>>)),
) -> bool {
    // Every field, named so that a field added to the output without being written here
    // does not compile.
    let MergeOutput {
        calibration,
        campaign,
        changes,
        conflicts,
        cut,
        decision_notes,
        decisions,
        declarations,
        directions: _,
        divergence_queue,
        dropped,
        failed,
        format,
        overrides,
        partial_totals,
        recommended,
        rounds,
        settings,
        sheets,
        superseded,
    } = out;
    let mut w = Pieces {
        sink,
        cur: Vec::new(),
        failed: false,
    };
    w.cur.push(b'{');
    w.key("calibration");
    w.cur.push(b'[');
    let all: Vec<&ExpertCalibration> = calibration.iter().collect();
    for (i, c) in super::par::par_map(all, |c| serde_json::to_vec(c).ok())
        .into_iter()
        .enumerate()
    {
        w.element(i, c);
    }
    w.cur.push(b']');
    w.field("campaign", campaign);
    w.field("changes", changes);
    w.field("conflicts", conflicts);
    w.field("cut", cut);
    w.field("decision_notes", decision_notes);
    w.field("decisions", decisions);
    w.field("declarations", declarations);
    w.key("directions");
    w.cur.push(b'[');
    let mut n = 0;
    directions(&mut |d| {
        w.element(n, d);
        n += 1;
    });
    w.cur.push(b']');
    w.field("divergence_queue", divergence_queue);
    w.field("dropped", dropped);
    w.field("failed", failed);
    w.field("format", format);
    w.field("overrides", overrides);
    w.field("partial_totals", partial_totals);
    w.field("recommended", recommended);
    w.field("rounds", rounds);
    w.field("settings", settings);
    w.field("sheets", sheets);
    w.field("superseded", superseded);
    w.cur.push(b'}');
    w.finish()
}

/// The canonical output being put together: the piece being written, and where pieces
/// go once done.
struct Pieces<'s> {
    sink: &'s mut dyn FnMut(Vec<u8>),
    cur: Vec<u8>,
    failed: bool,
}

impl Pieces<'_> {
    /// `"name":`, after a comma unless it is the object's first member.
    fn key(&mut self, name: &str) {
        if self.cur.last() != Some(&b'{') {
            self.cur.push(b',');
        }
        self.cur.push(b'"');
        self.cur.extend_from_slice(name.as_bytes());
        self.cur.extend_from_slice(b"\":");
    }

    fn field<T: Serialize>(&mut self, name: &str, value: &T) {
        self.key(name);
        self.failed |= serde_json::to_writer(&mut self.cur, value).is_err();
    }

    /// The `i`th element of an array, serialised elsewhere: the bytes so far go out, then
    /// it, kept as it is rather than copied.
    fn element(&mut self, i: usize, bytes: Option<Vec<u8>>) {
        if i > 0 {
            self.cur.push(b',');
        }
        match bytes {
            Some(b) if !self.failed => {
                self.emit();
                (self.sink)(b);
            }
            _ => self.failed = true,
        }
    }

    /// The bytes written since the last piece, as a piece (none if empty or after a
    /// failure).
    fn emit(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        if !cur.is_empty() && !self.failed {
            (self.sink)(cur);
        }
    }

    fn finish(mut self) -> bool {
        self.emit();
        !self.failed
    }
}
