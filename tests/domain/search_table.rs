//! Pinned first results for the queries an expert types: pinyin initials and full pinyin,
//! polyphones, full-width Latin, mixed text and application ids.

use crate::search_common;
use pingshen::search::{format_hit_line, run, Field, Hit, Narrowing, SearchIndex};

fn first(index: &SearchIndex, query: &str) -> Option<Hit> {
    index.search(query, 5).into_iter().next()
}

#[test]
fn first_results() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    let table: &[(&str, &str, Field)] = &[
        // initials, with polyphones: 重 chong/zhong, 行 hang/xing, 长 chang/zhang, 厦 xia/sha
        ("cq", "A-0001", Field::Name),
        ("zq", "A-0001", Field::Name),
        ("yh", "A-0001", Field::Name),
        ("yx", "A-0001", Field::Name),
        ("ca", "A-0002", Field::Name),
        ("za", "A-0002", Field::Name),
        ("xm", "A-0003", Field::Name),
        ("sm", "A-0003", Field::Name),
        ("hy", "A-0005", Field::Name),
        ("cs", "A-0007", Field::Name),
        ("yjs", "A-0001", Field::Name),
        ("yjsaq", "A-0001", Field::Name),
        // full pinyin, partial syllables, mixed with Han
        ("chongqing", "A-0001", Field::Name),
        ("yinhang", "A-0001", Field::Name),
        ("yunjisuan", "A-0001", Field::Name),
        ("yun计算", "A-0001", Field::Name),
        ("changan", "A-0002", Field::Name),
        ("xiamen", "A-0003", Field::Name),
        ("xian", "A-0006", Field::Name),
        ("yunyuansheng", "A-0012", Field::Name),
        ("云原生", "A-0012", Field::Name),
        // full-width and mixed Latin
        ("５Ｇ", "A-0004", Field::Name),
        ("5g", "A-0004", Field::Name),
        ("5G专网", "A-0004", Field::Name),
        ("5gzw", "A-0004", Field::Name),
        ("ai", "A-0008", Field::Name),
        ("ＡＩ大模型", "A-0008", Field::Name),
        // units and recommenders
        ("qh", "A-0002", Field::Member(1)),
        ("清华大学", "A-0002", Field::Member(1)),
        ("zdk", "A-0008", Field::Member(1)),
        ("shanxisheng", "A-0006", Field::Recommender),
        // ids
        ("A-0012", "A-0012", Field::Id),
        ("a-0012", "A-0012", Field::Id),
        ("Ａ－００１２", "A-0012", Field::Id),
        ("A-00123", "A-00123", Field::Id),
        ("0007", "A-0007", Field::Id),
        // several terms: each must match some field
        ("cq qh", "A-0002", Field::Lead),
        ("wlw cs", "A-0007", Field::Name),
    ];
    let mut wrong = Vec::new();
    for &(query, app, field) in table {
        let hit = first(&index, query);
        let got = hit.as_ref().map(|h| (h.application.as_str(), h.field));
        if got != Some((app, field)) {
            wrong.push(format!("{query}: expected {app} {field:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn queries_that_must_not_match() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    for query in [
        "",
        "   ",
        "zzzzzz",
        "银行银行银行",
        "5g专网x",
        "yinhangz",
        "qx5",
    ] {
        let hits = index.search(query, 10);
        assert!(hits.is_empty(), "{query} found {hits:?}");
    }
}

#[test]
fn the_first_reading_alone_would_miss_polyphones() {
    // 行's first reading is xing and 重's is zhong: these queries only match through a
    // second reading, so they prove every reading is indexed.
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    for (query, app) in [
        ("yinhang", "A-0001"),
        ("chongqing", "A-0001"),
        ("xiamen", "A-0003"),
        ("changan", "A-0002"),
    ] {
        let hits = index.search(query, 10);
        assert!(
            hits.iter().any(|h| h.application == app),
            "{query}: {hits:?}"
        );
    }
}

#[test]
fn positions_point_at_original_characters() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    let cases: &[(&str, &[usize])] = &[
        ("yh", &[2, 3]),
        ("yinhang", &[2, 3]),
        ("云计算", &[4, 5, 6]),
        ("yun计算", &[4, 5, 6]),
        ("５Ｇ", &[0, 1]),
        ("ai", &[0, 1]),
        ("A-0012", &[0, 1, 2, 3, 4, 5]),
    ];
    for &(query, expected) in cases {
        let hit = first(&index, query).unwrap_or_else(|| panic!("{query} found nothing"));
        assert_eq!(hit.positions, expected, "{query}: {hit:?}");
        let text = index.field_text(&hit).unwrap_or_default();
        assert!(
            hit.positions.iter().all(|&p| p < text.chars().count()),
            "{query}: {text}"
        );
    }
    let hit = first(&index, "ai").unwrap_or_else(|| panic!("ai found nothing"));
    assert_eq!(index.field_text(&hit), Some("ＡＩ大模型安全评测"));
}

#[test]
fn exact_id_ranks_first_and_prefix_beats_interior() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    let hits = index.search("A-0012", 10);
    assert_eq!(
        hits.iter()
            .map(|h| h.application.as_str())
            .collect::<Vec<_>>(),
        ["A-0012", "A-00123"]
    );
    assert!(hits[0].score > hits[1].score);
    // 安全 starts A-0002's 安 only after 长; 安全 is interior in both names, but the
    // direction-less name 西安... matches "xa" at its start.
    let hits = index.search("xa", 10);
    assert_eq!(hits.first().map(|h| h.application.as_str()), Some("A-0006"));
}

#[test]
fn results_are_ranked_then_ordered_by_id() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    let hits = index.search("aq", 100);
    assert!(hits.len() >= 8, "{hits:?}");
    for pair in hits.windows(2) {
        let ok = pair[0].score > pair[1].score
            || (pair[0].score == pair[1].score && pair[0].application < pair[1].application);
        assert!(ok, "{pair:?}");
    }
    assert_eq!(index.search("aq", 3), hits[..3].to_vec());
    assert!(index.search("aq", 0).is_empty());
}

#[test]
fn narrowing_gives_the_same_results_as_a_fresh_search() {
    let campaign = search_common::campaign();
    let index = SearchIndex::build(&campaign);
    for query in ["yunjisuan", "cq yh", "5G专网安全", "A-0012", "xiamen gang"] {
        let mut state = Narrowing::default();
        let chars: Vec<char> = query.chars().collect();
        for n in 1..=chars.len() {
            let typed: String = chars[..n].iter().collect();
            assert_eq!(
                index.search_narrowing(&mut state, &typed, 10),
                index.search(&typed, 10),
                "{typed}"
            );
        }
        // Deleting a character must not keep the narrowed set.
        let shorter: String = chars[..chars.len() / 2].iter().collect();
        assert_eq!(
            index.search_narrowing(&mut state, &shorter, 10),
            index.search(&shorter, 10),
            "{shorter}"
        );
    }
}

#[test]
fn command_lines() {
    let campaign = search_common::campaign();
    let out = run(&campaign, "yh", 1, true);
    assert_eq!(
        out,
        "A-0001\t重庆银行云计算安全防护平台\t云计算安全\t重庆银行股份有限公司\n"
    );
    let out = run(&campaign, "xm", 1, false);
    assert_eq!(
        out,
        "A-0003\t厦门港物联网安全\tInternet of Things security\t厦门港务控股集团有限公司\n"
    );
    assert_eq!(run(&campaign, "aq", 3, true).lines().count(), 3);
    assert_eq!(run(&campaign, "nothing-like-this", 3, true), "");
    let index = SearchIndex::build(&campaign);
    for hit in index.search("aq", 100) {
        assert_eq!(
            format_hit_line(&campaign, &hit, true).split('\t').count(),
            4
        );
    }
}

#[test]
fn a_syllable_run_may_stop_short_to_let_the_next_character_start() {
    // Greedy longest runs would give 干 all of "gan" and leave "a" for 那 (na): no match.
    let mut campaign = search_common::campaign();
    campaign.applications.push(search_common::application(
        "C-0001",
        "干那",
        1,
        "R-CQ",
        &["U01"],
    ));
    campaign.reindex();
    let index = SearchIndex::build(&campaign);
    let hit = first(&index, "gana").unwrap_or_else(|| panic!("gana found nothing"));
    assert_eq!(
        (hit.application.as_str(), hit.field, hit.positions),
        ("C-0001", Field::Name, vec![0, 1])
    );
}

#[test]
fn the_index_can_be_built_on_a_worker_thread() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<SearchIndex>();
    let campaign = search_common::campaign();
    let index = std::thread::spawn(move || SearchIndex::build(&campaign)).join();
    assert!(index.is_ok_and(|i| i.len() == 10));
}

#[test]
fn a_rare_reading_matches_but_ranks_below_common_ones() {
    // 港 reads gǎng, and rarely hòng: `yh` must still find 粤港 (yuè hòng), but below
    // A-0001's 银行 (yín háng), even though 粤港 starts its name and 银行 does not.
    let mut campaign = search_common::campaign();
    campaign.applications.push(search_common::application(
        "C-0001",
        "粤港合作",
        1,
        "R-CQ",
        &["U01"],
    ));
    campaign.reindex();
    let index = SearchIndex::build(&campaign);
    let ids = |query: &str| -> Vec<String> {
        index
            .search(query, 10)
            .into_iter()
            .map(|h| h.application)
            .collect()
    };
    let yh = ids("yh");
    let common = yh.iter().position(|a| a == "A-0001");
    let rare = yh.iter().position(|a| a == "C-0001");
    assert!(
        matches!((common, rare), (Some(c), Some(r)) if c < r),
        "yh: {yh:?}"
    );
    assert_eq!(ids("yuehong").first().map(String::as_str), Some("C-0001"));
    // Through its first reading the same name is an ordinary match at its start.
    assert_eq!(ids("yg").first().map(String::as_str), Some("C-0001"));
}
