//! Name normalisation and similarity: the index finds exactly what comparing every pair
//! finds, and the Dice decision is exact at the threshold.

use pingshen::rules::normalize::{organisation, project, ProjectNameRules};
use pingshen::rules::similarity::{at_least, dice_percent, NameIndex};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    // A small alphabet so that names share and repeat bigrams often.
    prop::collection::vec(
        prop::sample::select(vec!['安', '全', '云', '数', '据', 'a', 'b']),
        0..9,
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
