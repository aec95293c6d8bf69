//! Name normalisation and similarity: the index finds exactly what comparing every pair
//! finds, and the Dice decision is exact at the threshold.

use pingshen::rules::normalize::{organisation, project, ProjectNameRules};
use pingshen::rules::similarity::{
    at_least, at_least_bigrams, bigrams, dice_percent, similar_pairs, Bigram, NameIndex,
};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    // A small alphabet so that names share and repeat bigrams often.
    prop::collection::vec(
        prop::sample::select(vec!['安', '全', '云', '数', '据', 'a', 'b']),
        0..9,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Names long enough for prefixes of several tokens, with repeated bigrams.
fn long_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!['安', '全', '云', '数', '据', 'a', 'b', 'c']),
        0..18,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #[test]
    fn index_equals_full_scan(names in prop::collection::vec(name(), 1..40), p in 1u32..=100) {
        let mut ix = NameIndex::new();
        for n in &names {
            ix.insert(n);
        }
        let mut search = ix.search();
        for q in &names {
            let scan: Vec<usize> = (0..names.len()).filter(|&i| at_least(q, &names[i], p)).collect();
            prop_assert_eq!(search.similar(q, p), scan.clone());
            prop_assert_eq!(ix.similar(q, p), scan);
        }
    }

    #[test]
    fn self_join_equals_all_pairs(
        names in prop::collection::vec(prop_oneof![name(), long_name()], 0..60),
        p in 0u32..=101,
    ) {
        // The prefix-filtered self-join finds exactly the pairs that comparing every name
        // with every other finds (at 0, the pairs sharing a bigram, as the index does).
        let gs: Vec<Vec<Bigram>> = names.iter().map(|n| bigrams(n)).collect();
        let mut all = Vec::new();
        for i in 0..gs.len() {
            for j in i + 1..gs.len() {
                let shares = gs[i].iter().any(|g| gs[j].contains(g));
                if at_least_bigrams(&gs[i], &gs[j], p) && (p > 0 || shares) {
                    all.push((i, j));
                }
            }
        }
        prop_assert_eq!(similar_pairs(&gs, p), all);
    }

    #[test]
    fn fold_equals_full_normalisation(s in "[a-zA-Z0-9 安全云平台ＡＢｃ１２（）·「」ﾊﾟ㈱①\u{F900}\u{2F00}İ]{0,12}") {
        // The quick check skips NFKC only where NFKC would change nothing.
        use unicode_normalization::UnicodeNormalization;
        let full: String = s
            .nfkc()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        prop_assert_eq!(pingshen::rules::normalize::fold(&s), full);
    }

    #[test]
    fn percent_agrees_with_the_decision(a in name(), b in name(), p in 1u32..=100) {
        // The displayed percent is rounded down, so reaching it means reaching the threshold.
        prop_assert_eq!(at_least(&a, &b, p), dice_percent(&a, &b) >= p);
        prop_assert_eq!(at_least(&a, &b, p), at_least(&b, &a, p));
    }
}

#[test]
fn organisations_compare_as_the_same_legal_person() {
    let pairs = [
        ("华为技术有限公司", "华为技术有限公司深圳分公司"),
        ("奇安信科技集团股份有限公司", "奇安信科技集团"),
        ("ＡＢＣ网络（北京）有限公司", "abc网络北京有限责任公司"),
    ];
    for (a, b) in pairs {
        assert_eq!(
            dice_percent(&organisation(a), &organisation(b)),
            100,
            "{a} / {b}"
        );
    }
    assert!(
        dice_percent(
            &organisation("北京安盾网络科技有限公司"),
            &organisation("北京安泰网络科技有限公司")
        ) < 85
    );
}

#[test]
fn project_names_lose_their_framing() {
    let r = ProjectNameRules::default();
    let a = project("面向金融行业的数据安全治理平台", &r);
    let b = project("金融行业数据安全治理平台建设项目", &r);
    assert_eq!(a, b);
    let custom = ProjectNameRules {
        openers: vec![],
        tails: vec!["系统".into()],
    };
    assert_eq!(
        project("面向金融行业的数据安全治理系统", &custom),
        "面向金融行业的数据安全治理"
    );
}
