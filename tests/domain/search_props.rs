//! Properties of search over arbitrary input: it never panics, it is deterministic, its
//! hits are ordered and their positions fit their fields, and narrowing changes nothing.

use crate::search_common;
use pingshen::search::{Narrowing, SearchIndex};
use proptest::prelude::*;
use std::sync::OnceLock;

fn index() -> &'static (pingshen::model::Campaign, SearchIndex) {
    static INDEX: OnceLock<(pingshen::model::Campaign, SearchIndex)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut campaign = search_common::campaign();
        // Names the fixture lacks: combining marks, expansions under NFKC, astral
        // ideographs, tabs, and an empty name.
        let odd = [
            ("B-0001", "e\u{301}cole ㈱ 𠀀𪚥 安全\t平台"),
            ("B-0002", ""),
            ("B-0003", "ﬁ ｶﾀｶﾅ ⅫⅣ ß İstanbul"),
            ("B-0004", "网络安全「高精尖」创新平台"),
        ];
        for (id, name) in odd {
            campaign.applications.push(search_common::application(
                id,
                name,
                13,
                "R-CQ",
                &["U01", "NO-SUCH-UNIT"],
            ));
        }
        campaign.reindex();
        let index = SearchIndex::build(&campaign);
        (campaign, index)
    })
}

fn query_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just('a'),
                Just('n'),
                Just('q'),
                Just('y'),
                Just('h'),
                Just('x'),
                Just('z'),
                Just('c'),
                Just('5'),
                Just('g'),
                Just('-'),
                Just('0'),
                Just(' '),
                Just('安'),
                Just('全'),
                Just('重'),
                Just('庆'),
                Just('Ａ'),
                Just('\u{301}'),
                Just('ﬁ'),
                Just('㈱'),
                Just('𠀀'),
                any::<char>(),
            ],
            0..80,
        )
        .prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn search_is_total_ordered_and_deterministic(query in query_strategy(), limit in 0usize..20) {
        let (campaign, index) = index();
        let hits = index.search(&query, limit);
        prop_assert!(hits.len() <= limit);
        prop_assert_eq!(&hits, &index.search(&query, limit));
        for pair in hits.windows(2) {
            prop_assert!(pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].application < pair[1].application));
        }
        for hit in &hits {
            prop_assert!(campaign.application(&hit.application).is_some());
            let text = index.field_text(hit);
            prop_assert!(text.is_some());
            let n = text.unwrap_or_default().chars().count();
            prop_assert!(!hit.positions.is_empty());
            prop_assert!(hit.positions.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(hit.positions.iter().all(|&p| p < n));
            prop_assert!(!pingshen::search::format_hit_line(campaign, hit, true).contains('\n'));
        }
    }

    #[test]
    fn narrowing_matches_fresh_search(query in query_strategy()) {
        let (_, index) = index();
        let mut state = Narrowing::default();
        let chars: Vec<char> = query.chars().collect();
        for n in 0..=chars.len().min(24) {
            let typed: String = chars[..n].iter().collect();
            prop_assert_eq!(index.search_narrowing(&mut state, &typed, 7), index.search(&typed, 7));
        }
    }
}
