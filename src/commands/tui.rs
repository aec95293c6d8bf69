//! `tui [--expert ID | --chair | --triage]`: the interactive application over the store.

use super::{Ctx, Failure, Outcome};
use crate::review::Review;
use crate::tui::View;

/// Which view `tui`'s flags ask for; with none, the expert an expert's package names.
pub fn choose_view(
    review: &Review,
    expert: Option<&str>,
    chair: bool,
    triage: bool,
) -> Result<View, Failure> {
    if let Some(e) = expert {
        return Ok(View::Expert(e.to_string()));
    }
    if chair {
        return Ok(View::Chair);
    }
    if triage {
        return Ok(View::Triage);
    }
    match &review.campaign.package {
        Some(p) => Ok(View::Expert(p.expert.clone())),
        None => Err(Failure::usage(review.lang.pick(
            "请指明视图：--expert ID（专家评分）、--chair（组长）或 --triage（形式审查）",
            "say which view: --expert ID (scoring), --chair (the chair) or --triage (formal review)",
        ))),
    }
}

pub fn run(ctx: &Ctx, expert: Option<&str>, chair: bool, triage: bool) -> Outcome {
    let review = Review::open(ctx.open_store()?, ctx.lang)?;
    let view = choose_view(&review, expert, chair, triage)?;
    crate::tui::run(review, view, ctx.lang).map_err(Failure::refused)
}
