//! The campaign format round trip: what is read, written back in either layout, reads the
//! same, with the same digest.

use crate::common;
use common::*;
use pingshen::format::{load_campaign, write_campaign, Layout};

#[test]
fn read_write_read_is_identity() {
    let (tmp, dir) = mini_copy();
    let first = load_campaign(&dir).expect("mini loads").campaign;
    for layout in [Layout::Toml, Layout::Json] {
        let out = tmp.path().join(format!("{layout:?}"));
        write_campaign(&out, &first, layout).unwrap();
        let again = load_campaign(&out)
            .unwrap_or_else(|e| panic!("{layout:?}: {e}"))
            .campaign;
        assert_eq!(first, again, "{layout:?}");
        assert_eq!(first.content_digest(), again.content_digest());
    }
}

#[test]
fn digest_ignores_keys_and_decisions_but_not_content() {
    let (_tmp, dir) = mini_copy();
    let d0 = load_campaign(&dir).unwrap().campaign.content_digest();
    std::fs::write(dir.join("keys.toml"), "# keys\n").unwrap();
    std::fs::create_dir_all(dir.join("decisions")).unwrap();
    std::fs::write(dir.join("decisions/x.json"), "{}").unwrap();
    let loaded = load_campaign(&dir).unwrap();
    assert_eq!(loaded.campaign.content_digest(), d0);
    assert_eq!(loaded.decisions.len(), 1);
    let p = dir.join("applications/A001.toml");
    let s = std::fs::read_to_string(&p)
        .unwrap()
        .replace("零信任", "零 信任");
    std::fs::write(&p, s).unwrap();
    assert_ne!(load_campaign(&dir).unwrap().campaign.content_digest(), d0);
}

#[test]
fn model_lookups() {
    let (_tmp, dir) = mini_copy();
    let c = load_campaign(&dir).unwrap().campaign;
    assert_eq!(c.application("A002").map(|a| a.lead()), Some(Some("U02")));
    assert_eq!(c.rubric_for(13).map(|r| r.id.as_str()), Some("platform"));
    assert_eq!(
        c.rubric_for(7).map(|r| r.max_total().to_string()),
        Some("50".into())
    );
    assert_eq!(c.panels_of("X02").count(), 1);
    assert!(c.unit("U99").is_none());
}

/// The digest as it was first computed: the content through `serde_json::Value` (whose map
/// orders keys), then compact bytes. The direct writer must give the same bytes.
fn digest_via_value(c: &pingshen::model::Campaign) -> String {
    use sm3::{Digest, Sm3};
    let value = serde_json::json!({
        "settings": c.settings,
        "rubrics": c.rubrics,
        "recommenders": c.recommenders,
        "units": c.units,
        "experts": c.experts,
        "applications": c.applications,
    });
    hex::encode(Sm3::digest(serde_json::to_vec(&value).unwrap()))
}

#[test]
fn the_digest_is_the_one_taken_through_a_json_value() {
    let (tmp, dir) = mini_copy();
    let mini = load_campaign(&dir).unwrap().campaign;
    assert_eq!(mini.content_digest(), digest_via_value(&mini));
    let bundled = tmp.path().join("bundled");
    pingshen::bundled::extract_campaign(&bundled).unwrap();
    let bundled = load_campaign(&bundled).unwrap().campaign;
    assert_eq!(bundled.content_digest(), digest_via_value(&bundled));
    for seed in [1, 2] {
        let mut opts = pingshen::gen::Options::new(300, 20);
        opts.seed = seed;
        let generated = pingshen::gen::generate(&opts).unwrap();
        let c = &generated.campaign;
        assert_eq!(c.content_digest(), digest_via_value(c));
    }
}
