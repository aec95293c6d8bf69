//! The `search` command's output: one hit a line, tab-separated.

use super::{Hit, SearchIndex};
use crate::model::Campaign;

/// Tabs and line breaks inside a value would break the one-line, tab-separated shape.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `id<TAB>name<TAB>direction<TAB>lead unit`, without a line break. The direction is named
/// in Chinese or English; names are as submitted.
pub fn format_hit_line(campaign: &Campaign, hit: &Hit, zh: bool) -> String {
    let Some(app) = campaign.application(&hit.application) else {
        return clean(&hit.application);
    };
    let direction = Campaign::direction_name(app.direction(), zh);
    let lead = app.lead().map_or(String::new(), |id| {
        campaign
            .unit(id)
            .map_or(id, |u| u.name.as_str())
            .to_string()
    });
    format!(
        "{}\t{}\t{}\t{}",
        clean(&app.id),
        clean(&app.name),
        direction,
        clean(&lead)
    )
}

/// `pingshen search QUERY [--limit N]`: every line of the answer, each ending in a line
/// break; empty when nothing matches.
pub fn run(campaign: &Campaign, query: &str, limit: usize, zh: bool) -> String {
    let index = SearchIndex::build(campaign);
    let mut out = String::new();
    for hit in index.search(query, limit) {
        out.push_str(&format_hit_line(campaign, &hit, zh));
        out.push('\n');
    }
    out
}
