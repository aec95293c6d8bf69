//! Search over the bundled campaign `fixtures/campaign-2023`: the first result an expert
//! expects for realistic queries, with the characters that made it match.

use pingshen::format::load_campaign;
use pingshen::model::Campaign;
use pingshen::search::{Field, Hit, Narrowing, SearchIndex};
use std::path::Path;
use std::sync::OnceLock;

fn fixture() -> &'static (Campaign, SearchIndex) {
    static FIXTURE: OnceLock<(Campaign, SearchIndex)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/campaign-2023");
        let campaign = load_campaign(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .campaign;
        let index = SearchIndex::build(&campaign);
        (campaign, index)
    })
}

/// The characters of the hit's field at its positions, concatenated.
fn matched_text(index: &SearchIndex, hit: &Hit) -> String {
    let chars: Vec<char> = index.field_text(hit).unwrap_or_default().chars().collect();
    hit.positions.iter().filter_map(|&p| chars.get(p)).collect()
}

fn ids(index: &SearchIndex, query: &str, limit: usize) -> Vec<String> {
    index
        .search(query, limit)
        .into_iter()
        .map(|h| h.application)
        .collect()
}

#[test]
fn first_results() {
    let (_, index) = fixture();
    // query, first application, its field, the characters of that field the query matched
    let table: &[(&str, &str, Field, &str)] = &[
        // 银行 is yín háng: 行's second reading; 粤港 (yuè hòng, a rare reading) ranks below.
        ("yh", "A002", Field::Name, "银行"),
        ("yinhang", "A002", Field::Name, "银行"),
        // 重庆 is chóng qìng, 重's second reading. No name mentions it: the applications
        // recommended by 重庆市经济和信息化委员会 (A039, A040) are the ones meant.
        ("cq", "A039", Field::Recommender, "重庆"),
        ("chongqing", "A039", Field::Recommender, "重庆"),
        ("重庆", "A039", Field::Recommender, "重庆"),
        // 厦门 is xià mén, 厦's second reading: 厦门市工业和信息化局's applications.
        ("xm", "A054", Field::Recommender, "厦门"),
        ("xiamen", "A054", Field::Recommender, "厦门"),
        // 成都 is chéng dū, 都's second reading; 长葛 is cháng gě, 长's second.
        ("cd", "A035", Field::Name, "成都"),
        ("chengdu", "A035", Field::Name, "成都"),
        ("changge", "A042", Field::Name, "长葛"),
        // 调度 reads diào dù, and 调 tiáo is common too: both find it.
        ("diaodu", "A048", Field::Name, "调度"),
        ("tiaodu", "A048", Field::Name, "调度"),
        // Initials of a whole phrase, through first readings (港 gǎng) and second (行 háng).
        ("ygadwq", "A053", Field::Name, "粤港澳大湾区"),
        ("zqhy", "A006", Field::Name, "证券行业"),
        ("tlxc", "A049", Field::Name, "铁路信创"),
        ("mhjc", "A046", Field::Name, "民航机场"),
        // A007 says 5G专网 and A045 ５Ｇ专网, the same after NFKC: the shorter name wins.
        ("5G专网", "A007", Field::Name, "5G专网"),
        ("５Ｇ专网", "A007", Field::Name, "5G专网"),
        ("5gzw", "A007", Field::Name, "5G专网"),
        ("ＯＴＡ", "A027", Field::Name, "OTA"),
        ("ota", "A027", Field::Name, "OTA"),
        // Ids, in any width and case, whole or in part.
        ("A045", "A045", Field::Id, "A045"),
        ("a045", "A045", Field::Id, "A045"),
        ("Ａ０４５", "A045", Field::Id, "A045"),
        ("045", "A045", Field::Id, "045"),
        // Lead units in initials, each leading one application.
        ("hxa", "A001", Field::Lead, "华信安"),
        ("slwj", "A050", Field::Lead, "深蓝卫界"),
        ("jczx", "A027", Field::Lead, "荆楚智行"),
        ("tsya", "A059", Field::Lead, "天山云安"),
        // 网 is wǎng, so `wa` may stop inside it: 巴渝网 in the name outranks 巴渝网安 in
        // the lead unit's.
        ("bywa", "A040", Field::Name, "巴渝网"),
        // Two terms: 中金安链 leads A002 and A060; only A060's name says 金融.
        ("zjal jr", "A060", Field::Lead, "中金安链"),
        ("xm szh", "A054", Field::Recommender, "厦门"),
    ];
    let mut wrong = Vec::new();
    for &(query, app, field, text) in table {
        let hit = index.search(query, 5).into_iter().next();
        let got = hit
            .as_ref()
            .map(|h| (h.application.as_str(), h.field, matched_text(index, h)));
        if got.as_ref().map(|(a, f, t)| (*a, *f, t.as_str())) != Some((app, field, text)) {
            wrong.push(format!(
                "{query}: expected {app} {field:?} {text}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_applications_of_a_place_rank_above_the_rest() {
    let (campaign, index) = fixture();
    let table: &[(&str, &[&str])] = &[
        ("cq", &["A039", "A040"]),
        ("chongqing", &["A039", "A040"]),
        ("xm", &["A054", "A055"]),
        ("xiamen", &["A054", "A055"]),
        ("5G专网", &["A007", "A045"]),
        ("５Ｇ专网", &["A007", "A045"]),
    ];
    for &(query, expected) in table {
        let mut top = ids(index, query, expected.len());
        top.sort();
        assert_eq!(top, expected, "{query}");
    }
    // The set is the fixture's, not the test's: every application recommended by the
    // 重庆 and 厦门 departments.
    for (query, recommender) in [("cq", "rec-cq"), ("xm", "rec-xm")] {
        let mut from: Vec<&str> = campaign
            .applications
            .iter()
            .filter(|a| a.recommender == recommender)
            .map(|a| a.id.as_str())
            .collect();
        from.sort_unstable();
        let mut top = ids(index, query, from.len());
        top.sort();
        assert_eq!(top, from, "{query}");
    }
}

#[test]
fn a_rare_reading_still_matches_below_common_ones() {
    let (_, index) = fixture();
    // 粤港澳 matches yh only through 港 hòng: it is found, after 银行.
    let all = ids(index, "yh", 100);
    let bank = all.iter().position(|a| a == "A002");
    let bay = all.iter().position(|a| a == "A053");
    assert!(
        matches!((bank, bay), (Some(0), Some(b)) if b > 0),
        "yh: {all:?}"
    );
    assert_eq!(ids(index, "yuehong", 1), ["A053"]);
}

#[test]
fn narrowing_on_the_fixture_gives_the_same_results() {
    let (_, index) = fixture();
    for query in ["yinhang", "chongqing", "５Ｇ专网", "zjal jr"] {
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
    }
}
