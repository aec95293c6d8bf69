//! The output's direction records as serialise-only views over the merge's working rows:
//! the bytes [`DirectionResult`] serialises to, without first building every expert row
//! as a record (200,000 of them at 100 experts x 2,000 applications, most of a large
//! merge's assembly) and serialising them afterwards. Each view writes its record's
//! fields in the record's order, leaving a field out exactly when the record's serde
//! attributes do; tests compare the bytes with the records' on every kind of row.

use super::collect::{AppWork, Cell, Row};
use super::output::{ApplicationResult, DirectionResult, ExpertRow};
use super::rational::Decimal;
use super::Merger;
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

/// A direction's record: its head (a [`DirectionResult`] with no applications) and its
/// applications, each written from its working rows.
pub(super) struct DirectionOut<'m, 'i, 'a> {
    pub head: DirectionResult,
    pub ranking: AppsOut<'m, 'i, 'a>,
    pub unranked: AppsOut<'m, 'i, 'a>,
}

/// A list of applications with their working rows, as [`ApplicationResult`]s.
pub(super) struct AppsOut<'m, 'i, 'a> {
    pub me: &'m Merger<'i, 'a>,
    pub list: &'m [(usize, AppWork<'a>)],
}

struct AppOut<'m, 'i, 'a> {
    me: &'m Merger<'i, 'a>,
    head: ApplicationResult,
    work: &'m AppWork<'a>,
}

struct RowsOut<'m, 'i, 'a> {
    me: &'m Merger<'i, 'a>,
    work: &'m AppWork<'a>,
}

/// One [`ExpertRow`].
struct RowOut<'m, 'i, 'a> {
    me: &'m Merger<'i, 'a>,
    work: &'m AppWork<'a>,
    row: &'m Row<'a>,
}

/// One text per criterion (`""` where the cell has none), as `ExpertRow::comments` and
/// `ExpertRow::reasons` hold them.
struct Texts<'m, 'a> {
    cells: &'m [Option<Cell<'a>>],
    reasons: bool,
}

/// Values per criterion, `null` where unscored.
struct Values<'m, 'a> {
    cells: &'m [Option<Cell<'a>>],
    round1: bool,
}

/// The ids of the criteria without a score.
struct Missing<'m, 'a> {
    work: &'m AppWork<'a>,
    row: &'m Row<'a>,
}

impl Serialize for DirectionOut<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named, so that a field added to the record does not compile here.
        let DirectionResult {
            code,
            criteria,
            name_en,
            name_zh,
            ranking: _,
            rubric,
            unranked: _,
        } = &self.head;
        let mut st = s.serialize_struct("DirectionResult", 7)?;
        st.serialize_field("code", code)?;
        st.serialize_field("criteria", criteria)?;
        st.serialize_field("name_en", name_en)?;
        st.serialize_field("name_zh", name_zh)?;
        st.serialize_field("ranking", &self.ranking)?;
        st.serialize_field("rubric", rubric)?;
        st.serialize_field("unranked", &self.unranked)?;
        st.end()
    }
}

impl Serialize for AppsOut<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.list.len()))?;
        for (ai, work) in self.list {
            seq.serialize_element(&AppOut {
                me: self.me,
                head: self.me.application_head(*ai, work),
                work,
            })?;
        }
        seq.end()
    }
}

impl Serialize for AppOut<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ApplicationResult {
            application,
            decided_by,
            experts: _,
            figures,
            flags,
            fragility,
            joint_units,
            lead_unit,
            name,
            priority,
            rank,
            recommended,
            recommender,
            round,
            round1,
        } = &self.head;
        let mut st = s.serialize_struct("ApplicationResult", 15)?;
        st.serialize_field("application", application)?;
        st.serialize_field("decided_by", decided_by)?;
        let rows = RowsOut {
            me: self.me,
            work: self.work,
        };
        st.serialize_field("experts", &rows)?;
        st.serialize_field("figures", figures)?;
        st.serialize_field("flags", flags)?;
        st.serialize_field("fragility", fragility)?;
        st.serialize_field("joint_units", joint_units)?;
        st.serialize_field("lead_unit", lead_unit)?;
        st.serialize_field("name", name)?;
        st.serialize_field("priority", priority)?;
        st.serialize_field("rank", rank)?;
        st.serialize_field("recommended", recommended)?;
        st.serialize_field("recommender", recommender)?;
        st.serialize_field("round", round)?;
        st.serialize_field("round1", round1)?;
        st.end()
    }
}

impl Serialize for RowsOut<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.work.rows.len()))?;
        for row in &self.work.rows {
            seq.serialize_element(&RowOut {
                me: self.me,
                work: self.work,
                row,
            })?;
        }
        seq.end()
    }
}

/// The fields of [`ExpertRow`], in its order. Naming them here makes a field added to
/// the record fail to compile until this view writes it too.
const _: fn(&ExpertRow) = |r| {
    let ExpertRow {
        comments: _,
        expert: _,
        missing: _,
        override_reason: _,
        reasons: _,
        round1: _,
        round1_total: _,
        scores: _,
        total: _,
    } = r;
};

impl Serialize for RowOut<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (work, row) = (self.work, self.row);
        let cells = &row.cells[..];
        let any = |has: fn(&Cell<'_>) -> bool| cells.iter().flatten().any(has);
        let mut st = s.serialize_struct("ExpertRow", 9)?;
        // `comments` and `reasons` are left out when every text is empty, `missing` when
        // none is, the rest when they are None: as the record's attributes say.
        if any(|c| c.has_comment) {
            st.serialize_field(
                "comments",
                &Texts {
                    cells,
                    reasons: false,
                },
            )?;
        }
        st.serialize_field("expert", &self.me.winners[row.expert].expert.id)?;
        if work
            .rubric
            .criteria
            .iter()
            .zip(cells)
            .any(|(_, c)| c.is_none())
        {
            st.serialize_field("missing", &Missing { work, row })?;
        }
        if let Some(reason) = row.override_reason {
            st.serialize_field("override_reason", reason)?;
        }
        if any(|c| c.has_reason) {
            st.serialize_field(
                "reasons",
                &Texts {
                    cells,
                    reasons: true,
                },
            )?;
        }
        if work.round > 1 {
            st.serialize_field(
                "round1",
                &Values {
                    cells,
                    round1: true,
                },
            )?;
        }
        if let Some(v) = &row.round1_values {
            st.serialize_field("round1_total", &Decimal(v.iter().sum()))?;
        }
        st.serialize_field(
            "scores",
            &Values {
                cells,
                round1: false,
            },
        )?;
        st.serialize_field("total", &row.total.map(Decimal))?;
        st.end()
    }
}

impl Serialize for Texts<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.cells.len()))?;
        for c in self.cells {
            let text = match c {
                Some(c) if self.reasons && c.has_reason => c.score.reason.as_str(),
                Some(c) if !self.reasons && c.has_comment => c.score.comment.as_str(),
                _ => "",
            };
            seq.serialize_element(text)?;
        }
        seq.end()
    }
}

impl Serialize for Values<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.cells.len()))?;
        for c in self.cells {
            let v = c
                .as_ref()
                .and_then(|c| if self.round1 { c.round1 } else { Some(c.value) });
            seq.serialize_element(&v.map(Decimal))?;
        }
        seq.end()
    }
}

impl Serialize for Missing<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (criterion, cell) in self.work.rubric.criteria.iter().zip(&self.row.cells) {
            if cell.is_none() {
                seq.serialize_element(&criterion.id)?;
            }
        }
        seq.end()
    }
}
