//! Which readings of a polyphonic character a Chinese user actually types: the table the
//! search ranks readings by.
//!
//! A character's first reading in the pinyin crate's order is its main one and always
//! common. The characters below also have a second (or third) reading met in everyday words,
//! place names or surnames (银行 yínháng, 重庆 Chóngqìng, 厦门 Xiàmén, 成都 Chéngdū, 标识
//! biāozhì); those readings are common too. Every other reading (港 hòng, 信 shēn, 平 biàn)
//! is rare: it still matches, but ranks below a match through common readings.
//!
//! Readings are toneless, as the search compares them, with ü written as ü. Characters whose
//! readings differ only in tone (干 gàn/gān, 发 fā/fà, 量, 相, 应, 空, 华) need no entry:
//! without tones they have one common reading, their first.

/// Per character: its common readings, the first reading first.
const COMMON_READINGS: &[(char, &[&str])] = &[
    // Everyday words and the polyphones of the notice's own vocabulary.
    ('行', &["xing", "hang"]),
    ('重', &["zhong", "chong"]),
    ('长', &["zhang", "chang"]),
    ('厦', &["sha", "xia"]),
    ('乐', &["le", "yue"]),
    ('传', &["chuan", "zhuan"]),
    ('都', &["dou", "du"]),
    ('还', &["hai", "huan"]),
    ('会', &["hui", "kuai"]),
    ('大', &["da", "dai"]),
    ('单', &["dan", "shan"]),
    ('省', &["sheng", "xing"]),
    ('藏', &["cang", "zang"]),
    ('调', &["diao", "tiao"]),
    ('朝', &["chao", "zhao"]),
    ('曾', &["ceng", "zeng"]),
    ('区', &["qu", "ou"]),
    ('便', &["bian", "pian"]),
    ('种', &["zhong", "chong"]),
    ('数', &["shu", "shuo"]),
    ('差', &["cha", "chai", "ci"]),
    ('给', &["gei", "ji"]),
    ('解', &["jie", "xie"]),
    ('系', &["xi", "ji"]),
    ('着', &["zhe", "zhao", "zhuo"]),
    ('了', &["le", "liao"]),
    ('地', &["di", "de"]),
    ('得', &["de", "dei"]),
    ('参', &["can", "cen", "shen"]),
    ('和', &["he", "hu", "huo"]),
    ('角', &["jiao", "jue"]),
    ('降', &["jiang", "xiang"]),
    ('强', &["qiang", "jiang"]),
    ('似', &["shi", "si"]),
    ('校', &["xiao", "jiao"]),
    ('模', &["mo", "mu"]),
    ('称', &["cheng", "chen"]),
    ('率', &["lü", "shuai"]),
    ('血', &["xue", "xie"]),
    ('度', &["du", "duo"]),
    ('车', &["che", "ju"]),
    ('盛', &["sheng", "cheng"]),
    ('识', &["shi", "zhi"]),
    ('塞', &["sai", "se"]),
    ('提', &["ti", "di"]),
    ('弹', &["dan", "tan"]),
    ('剥', &["bo", "bao"]),
    ('薄', &["bao", "bo"]),
    ('奇', &["qi", "ji"]),
    ('佛', &["fu", "fo"]),
    ('圈', &["quan", "juan"]),
    ('宿', &["su", "xiu"]),
    ('泊', &["po", "bo"]),
    ('卡', &["ka", "qia"]),
    ('咖', &["ka", "ga"]),
    ('蛤', &["ha", "ge"]),
    ('扒', &["ba", "pa"]),
    ('恶', &["e", "wu"]),
    ('露', &["lu", "lou"]),
    ('没', &["mei", "mo"]),
    ('亲', &["qin", "qing"]),
    ('吓', &["xia", "he"]),
    ('秘', &["mi", "bi"]),
    // Surnames.
    ('仇', &["chou", "qiu"]),
    ('查', &["cha", "zha"]),
    ('朴', &["pu", "piao"]),
    ('翟', &["di", "zhai"]),
    ('尉', &["wei", "yu"]),
    // Place names: 六安, 番禺, 蚌埠, 东阿, 柏林, 涡阳, 枞阳, 莘庄.
    ('六', &["liu", "lu"]),
    ('番', &["fan", "pan"]),
    ('蚌', &["bang", "beng"]),
    ('阿', &["a", "e"]),
    ('柏', &["bai", "bo"]),
    ('涡', &["wo", "guo"]),
    ('枞', &["cong", "zong"]),
    ('莘', &["shen", "xin"]),
];

/// Whether `reading` (toneless, ü as ü) is a common reading of `c`, given whether it is
/// `c`'s first reading.
pub fn is_common(c: char, reading: &str, first: bool) -> bool {
    // A linear scan: the index asks once per distinct character, a few thousand times.
    first
        || COMMON_READINGS
            .iter()
            .any(|&(k, readings)| k == c && readings.contains(&reading))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::{ToPinyin, ToPinyinMulti};

    /// Every entry names real readings, starts with the character's first one, and lists at
    /// least one more (an entry with only the first reading would change nothing).
    #[test]
    fn the_table_names_real_readings() {
        let mut seen = std::collections::HashSet::new();
        for &(c, readings) in COMMON_READINGS {
            assert!(seen.insert(c), "{c} is listed twice");
            let all: Vec<&str> = c
                .to_pinyin_multi()
                .map(|m| m.into_iter().map(|p| p.plain()).collect())
                .unwrap_or_default();
            let first = c.to_pinyin().map(|p| p.plain());
            assert_eq!(readings.first().copied(), first, "{c}: first reading");
            assert!(readings.len() >= 2, "{c}: nothing beyond the first reading");
            for r in readings {
                assert!(all.contains(r), "{c}: {r} is not among {all:?}");
            }
        }
    }

    #[test]
    fn first_and_listed_readings_are_common_others_rare() {
        assert!(is_common('行', "hang", false));
        assert!(is_common('行', "xing", true));
        assert!(!is_common('行', "heng", false));
        assert!(!is_common('港', "hong", false));
        assert!(is_common('港', "gang", true));
        assert!(is_common('率', "lü", true));
    }
}
