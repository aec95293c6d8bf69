//! The expert draw: each panel's experts and reserves drawn from the pool by a seed, so the
//! same campaign, decisions and seed always give the same draw. Pure: no I/O.

use crate::model::{Campaign, PanelDraw};
use crate::rules::Eligibility;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use std::collections::BTreeSet;

/// The largest seed a signed decision can carry exactly (RFC 8785 numbers are doubles).
pub const MAX_SEED: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("panel {panel} needs {needed} experts ({size} and {reserves} reserves) but only {eligible} can be drawn: {conflicted} have a blocking conflict with an application it reviews and {taken} are already drawn for another panel; lower --panel-size or --reserves, or widen the pool")]
    CannotFill {
        panel: String,
        needed: usize,
        size: usize,
        reserves: usize,
        eligible: usize,
        conflicted: usize,
        taken: usize,
    },
    #[error(
        "seed {0} is too large to be signed exactly; use a seed below 2^53 (9007199254740992)"
    )]
    SeedTooLarge(u64),
}

impl DrawError {
    /// The refusal in `lang` (`Display` is the English one).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            DrawError::CannotFill {
                panel,
                needed,
                size,
                reserves,
                eligible,
                conflicted,
                taken,
            } => format!(
                "评审组 {panel} 需要 {needed} 名专家（{size} 名加 {reserves} 名候补），但只能抽到 {eligible} 名：{conflicted} 名与该组评审的项目有阻断性利益冲突，{taken} 名已抽入其他评审组；请调小 --panel-size 或 --reserves，或扩大专家库"
            ),
            DrawError::SeedTooLarge(seed) => format!(
                "种子 {seed} 太大，无法在签名中精确表示；请用小于 2^53（9007199254740992）的种子"
            ),
        }
    }
}

/// Fisher–Yates with the campaign's own generator, so the order is the same on every
/// machine (ChaCha8, fixed by the seed).
fn shuffle<T>(items: &mut [T], rng: &mut rand_chacha::ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Draws every panel, in panel-id order. An expert with a blocking conflict with any
/// application a panel reviews is not drawn for it; an expert drawn for one panel (as
/// member or reserve) is not drawn again. Experts whose fields cover one of the panel's
/// directions come first, then the rest of the pool.
pub fn draw(
    campaign: &Campaign,
    eligibility: &Eligibility,
    seed: u64,
    size: usize,
    reserves: usize,
) -> Result<Vec<PanelDraw>, DrawError> {
    if seed > MAX_SEED {
        return Err(DrawError::SeedTooLarge(seed));
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut out = vec![];
    for panel in &campaign.settings.panels {
        let apps: Vec<&str> = campaign
            .applications
            .iter()
            .filter(|a| panel.directions.contains(&a.direction()) && eligibility.is_reviewed(&a.id))
            .map(|a| a.id.as_str())
            .collect();
        let (mut fit, mut rest, mut conflicted, mut already) = (vec![], vec![], 0, 0);
        for e in &campaign.experts {
            if taken.contains(e.id.as_str()) {
                already += 1;
            } else if apps.iter().any(|a| eligibility.is_blocked(&e.id, a)) {
                conflicted += 1;
            } else if e.fields.iter().any(|f| panel.directions.contains(f)) {
                fit.push(e.id.as_str());
            } else {
                rest.push(e.id.as_str());
            }
        }
        let needed = size + reserves;
        if fit.len() + rest.len() < needed {
            return Err(DrawError::CannotFill {
                panel: panel.id.clone(),
                needed,
                size,
                reserves,
                eligible: fit.len() + rest.len(),
                conflicted,
                taken: already,
            });
        }
        shuffle(&mut fit, &mut rng);
        shuffle(&mut rest, &mut rng);
        let order: Vec<&str> = fit.into_iter().chain(rest).take(needed).collect();
        taken.extend(order.iter().copied());
        let mut experts: Vec<String> = order[..size].iter().map(|s| s.to_string()).collect();
        let mut res: Vec<String> = order[size..].iter().map(|s| s.to_string()).collect();
        experts.sort();
        res.sort();
        out.push(PanelDraw {
            panel: panel.id.clone(),
            experts,
            reserves: res,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Campaign {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/campaign-2023");
        crate::format::load_campaign(&dir)
            .map(|l| l.campaign)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn same_seed_same_draw_other_seed_other_draw() {
        let c = fixture();
        let e = crate::rules::assess(&c, &[], &[]).eligibility;
        let a = draw(&c, &e, 7, 5, 1).unwrap();
        assert_eq!(a, draw(&c, &e, 7, 5, 1).unwrap());
        assert_ne!(a, draw(&c, &e, 8, 5, 1).unwrap());
    }

    #[test]
    fn nobody_twice_and_no_conflicts() {
        let c = fixture();
        let e = crate::rules::assess(&c, &[], &[]).eligibility;
        let d = draw(&c, &e, 42, 5, 2).unwrap();
        let mut seen = BTreeSet::new();
        for p in &d {
            assert_eq!((p.experts.len(), p.reserves.len()), (5, 2));
            let panel = c.panel(&p.panel).unwrap();
            for x in p.experts.iter().chain(&p.reserves) {
                assert!(seen.insert(x.clone()), "{x} drawn twice");
                for a in c
                    .applications
                    .iter()
                    .filter(|a| panel.directions.contains(&a.direction()))
                {
                    assert!(!e.is_blocked(x, &a.id), "{x} conflicts with {}", a.id);
                }
            }
        }
    }

    #[test]
    fn a_panel_that_cannot_be_filled_says_which_and_why() {
        let c = fixture();
        let e = crate::rules::assess(&c, &[], &[]).eligibility;
        let err = draw(&c, &e, 1, 10, 5).unwrap_err();
        assert!(matches!(err, DrawError::CannotFill { .. }), "{err}");
        assert!(err.to_string().starts_with("panel P"), "{err}");
        assert!(matches!(
            draw(&c, &e, u64::MAX, 1, 0),
            Err(DrawError::SeedTooLarge(_))
        ));
    }
}
