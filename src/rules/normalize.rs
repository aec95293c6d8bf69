//! Chinese-aware normalisation of organisation and project names before they are compared:
//! width folding, case, punctuation, legal-form suffixes, branch tails and project framing.

use unicode_normalization::UnicodeNormalization;

/// Legal-form suffixes, longest first so that the longest one is taken.
const LEGAL_FORMS: [&str; 14] = [
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "股份合作公司",
    "有限合伙",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "集团",
    "公司",
    "coltd",
];

/// Tails that mark a branch rather than a legal person. E7 judges a member by them; the
/// comparison of organisations cuts them off.
pub const BRANCH_TAILS: [&str; 5] = ["分公司", "分支机构", "分行", "分所", "办事处"];

/// NFKC (full-width to half-width), lower-case Latin, and nothing but letters and digits:
/// every space and punctuation mark, Chinese or Latin, goes.
pub fn fold(s: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    // Most names are already in NFKC (CJK ideographs, ASCII): a quick check proves it
    // without decomposing and recomposing every character, and NFKC would change nothing.
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        return s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a folded organisation name ends with a branch tail (分公司, 分行 …).
pub fn branch_tail(name: &str) -> Option<&'static str> {
    // The tails are CJK, which NFKC leaves alone: trailing punctuation is all that needs
    // to go, and this runs for every member of every application.
    let t = name.trim_end_matches(|c: char| !c.is_alphanumeric());
    BRANCH_TAILS.iter().copied().find(|tail| t.ends_with(tail))
}

fn strip_legal_forms(mut s: &str) -> &str {
    'again: loop {
        for form in LEGAL_FORMS {
            if let Some(rest) = s.strip_suffix(form) {
                if !rest.is_empty() {
                    s = rest;
                    continue 'again;
                }
            }
        }
        return s;
    }
}

/// An organisation name as compared: folded, any branch tail cut back to the parent's legal
/// form (中国工商银行股份有限公司北京市分行 → 中国工商银行), legal-form suffixes stripped.
pub fn organisation(name: &str) -> String {
    let f = fold(name);
    let mut s = f.as_str();
    if let Some(tail) = BRANCH_TAILS.iter().find(|t| s.ends_with(*t)) {
        s = &s[..s.len() - tail.len()];
        // The branch's own place name sits between the parent's legal form and the tail.
        let cut = LEGAL_FORMS
            .iter()
            .filter_map(|form| s.rfind(form).map(|i| i + form.len()))
            .max();
        if let Some(cut) = cut.filter(|&c| c < s.len()) {
            s = &s[..cut];
        }
    }
    let out = strip_legal_forms(s);
    if out.is_empty() {
        f.clone()
    } else {
        out.to_string()
    }
}

/// What is stripped from project names; the generic tails are configurable because what
/// counts as generic depends on the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectNameRules {
    /// Framing openers whose matching 的 also goes: 基于…的, 面向…的, 关于…的.
    pub openers: Vec<String>,
    /// Generic tails, stripped repeatedly from the end: 项目, 平台 …
    pub tails: Vec<String>,
}

impl Default for ProjectNameRules {
    fn default() -> Self {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        ProjectNameRules {
            openers: v(&["基于", "面向", "关于"]),
            tails: v(&[
                "试点示范项目",
                "示范项目",
                "建设项目",
                "试点示范",
                "项目",
                "平台",
            ]),
        }
    }
}

/// A project name as compared: folded, framing words dropped (the content they frame is
/// kept: 面向金融行业的数据安全平台 → 金融行业数据安全), generic tails stripped.
pub fn project(name: &str, rules: &ProjectNameRules) -> String {
    let mut s = fold(name);
    let mut changed = true;
    while changed {
        changed = false;
        for opener in &rules.openers {
            if let Some(rest) = s.strip_prefix(opener.as_str()) {
                if let Some(i) = rest.find('的') {
                    let (framed, after) = rest.split_at(i);
                    let next = format!("{framed}{}", &after['的'.len_utf8()..]);
                    if !next.is_empty() {
                        s = next;
                        changed = true;
                    }
                }
            }
        }
        for tail in &rules.tails {
            if let Some(rest) = s.strip_suffix(tail.as_str()) {
                if !rest.is_empty() {
                    s = rest.to_string();
                    changed = true;
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_punctuation() {
        assert_eq!(
            fold("ＡＢＣ 云（北京）·「安全」—…《平台》“x”"),
            "abc云北京安全平台x"
        );
        assert_eq!(
            fold("Huawei Technologies Co., Ltd."),
            "huaweitechnologiescoltd"
        );
    }

    #[test]
    fn organisation_strips_legal_forms_and_branches() {
        assert_eq!(organisation("华为技术有限公司"), "华为技术");
        assert_eq!(organisation("华为技术有限公司北京分公司"), "华为技术");
        assert_eq!(
            organisation("中国工商银行股份有限公司北京市分行"),
            "中国工商银行"
        );
        assert_eq!(organisation("奇安信科技集团股份有限公司"), "奇安信科技");
        assert_eq!(organisation("某某集团"), "某某");
        assert_eq!(organisation("公司"), "公司");
        assert_eq!(organisation("北京大学"), "北京大学");
        assert_eq!(
            organisation("深圳市腾讯计算机系统有限公司 "),
            "深圳市腾讯计算机系统"
        );
    }

    #[test]
    fn branch_tails() {
        assert_eq!(branch_tail("中国银行股份有限公司上海市分行"), Some("分行"));
        assert_eq!(branch_tail("某某公司（北京分公司）"), Some("分公司"));
        assert_eq!(branch_tail("分行科技有限公司"), None);
    }

    #[test]
    fn project_framing_and_tails() {
        let r = ProjectNameRules::default();
        assert_eq!(
            project("面向金融行业的数据安全治理平台", &r),
            "金融行业数据安全治理"
        );
        assert_eq!(
            project("金融行业数据安全治理平台项目", &r),
            "金融行业数据安全治理"
        );
        assert_eq!(
            project("基于零信任的工业互联网安全防护项目", &r),
            "零信任工业互联网安全防护"
        );
        assert_eq!(project("项目", &r), "项目");
        assert_eq!(project("「云」安全 平台", &r), "云安全");
    }
}
