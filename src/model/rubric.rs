//! Scoring rubrics: criteria with stable ids, maxima, steps and tier anchors.

use super::Points;
use serde::{Deserialize, Serialize};

/// A tier anchor: what a score between `min` and `max` (inclusive) means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub min: Points,
    pub max: Points,
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id used in stores and sheets (`innovation`, `regional_advantage` …).
    pub id: String,
    pub zh: String,
    pub en: String,
    pub max: Points,
    pub step: Points,
    #[serde(default)]
    pub anchors: Vec<Anchor>,
}

impl Criterion {
    /// Why `value` cannot be this criterion's score, if it cannot.
    pub fn check(&self, value: Points) -> Result<(), ScoreRangeError> {
        if value.0 < 0 || value > self.max {
            return Err(ScoreRangeError::OutOfRange {
                value,
                max: self.max,
            });
        }
        if self.step.0 > 0 && value.0 % self.step.0 != 0 {
            return Err(ScoreRangeError::OffStep {
                value,
                step: self.step,
            });
        }
        Ok(())
    }
    pub fn anchor_for(&self, value: Points) -> Option<&Anchor> {
        self.anchors
            .iter()
            .find(|a| a.min <= value && value <= a.max)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreRangeError {
    #[error("{value} is outside 0..{max}")]
    OutOfRange { value: Points, max: Points },
    #[error("{value} is not a multiple of the step {step}")]
    OffStep { value: Points, step: Points },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub id: String,
    pub zh: String,
    #[serde(default)]
    pub en: String,
    /// Directions this rubric scores.
    pub directions: Vec<u8>,
    pub criteria: Vec<Criterion>,
}

impl Rubric {
    pub fn max_total(&self) -> Points {
        Points(self.criteria.iter().map(|c| c.max.0).sum())
    }
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_and_step() {
        let c = Criterion {
            id: "innovation".into(),
            zh: "创新性".into(),
            en: "Innovation".into(),
            max: Points::whole(25),
            step: Points(50),
            anchors: vec![],
        };
        assert!(c.check(Points(2450)).is_ok());
        assert!(c.check(Points(2500)).is_ok());
        assert!(matches!(
            c.check(Points(2510)),
            Err(ScoreRangeError::OutOfRange { .. })
        ));
        assert!(matches!(
            c.check(Points(-50)),
            Err(ScoreRangeError::OutOfRange { .. })
        ));
        assert!(matches!(
            c.check(Points(2425)),
            Err(ScoreRangeError::OffStep { .. })
        ));
    }
}
