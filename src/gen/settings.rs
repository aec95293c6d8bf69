//! The generated campaign's settings and its two rubrics, as the bundled fixture has them.

use super::vocab::REGIONS;
use crate::model::{
    Anchor, Criterion, Date, Deadlines, Limits, MergeSettings, Points, Rubric, Settings,
    FORMAT_VERSION,
};

pub fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap_or(Date {
        year: y,
        month: 1,
        day: 1,
    })
}

pub const REVIEW_DATE: (i32, u8, u8) = (2024, 4, 20);
pub const REGIONAL_DEADLINE: (i32, u8, u8) = (2024, 2, 29);
pub const MINISTRY_DEADLINE: (i32, u8, u8) = (2024, 3, 15);

/// `days` days after `d` (or before, when negative), by the calendar.
pub fn add_days(d: Date, days: i64) -> Date {
    let mut cur = d;
    let step = days.signum();
    for _ in 0..days.unsigned_abs() {
        cur = if step > 0 {
            Date::new(cur.year, cur.month, cur.day + 1)
                .or_else(|| Date::new(cur.year, cur.month + 1, 1))
                .unwrap_or(date(cur.year + 1, 1, 1))
        } else if cur.day > 1 {
            date(cur.year, cur.month, cur.day - 1)
        } else if cur.month > 1 {
            // The last day of the previous month: walk down from 31.
            (28..=31)
                .rev()
                .find_map(|d| Date::new(cur.year, cur.month - 1, d))
                .unwrap_or(cur)
        } else {
            date(cur.year - 1, 12, 31)
        };
    }
    cur
}

pub fn settings(seed: u64, apps: usize, experts: usize) -> Settings {
    let (y, m, d) = REVIEW_DATE;
    let (ry, rm, rd) = REGIONAL_DEADLINE;
    let (my, mm, md) = MINISTRY_DEADLINE;
    Settings {
        format_version: FORMAT_VERSION,
        id: format!("gen-{seed}-{apps}x{experts}"),
        name: format!("2023年网络安全技术应用试点示范项目评审（合成数据，种子 {seed}）"),
        name_en: format!(
            "2023 Network Security Technology Application Pilot Demonstration review \
             (synthetic, seed {seed})"
        ),
        notice: "工信厅联网安函〔2023〕360号".into(),
        review_date: date(y, m, d),
        demo_expert: None,
        regions: REGIONS.iter().map(|r| r.short.to_string()).collect(),
        limits: Limits::default(),
        deadlines: Deadlines {
            regional: date(ry, rm, rd),
            ministry: date(my, mm, md),
        },
        merge: MergeSettings {
            trim_min_n: 5,
            min_complete: 3,
            divergence: Points::whole(15),
            cut_top_n: Some(3),
            cut_min_score: None,
        },
        panels: vec![],
    }
}

fn anchors(what: &str, what_en: &str) -> Vec<Anchor> {
    let tier = |min: i64, max: i64, zh: String, en: String| Anchor {
        min: Points(min),
        max: Points(max),
        zh,
        en,
    };
    vec![
        tier(
            2100,
            2500,
            format!("{what}突出，达到国内领先水平"),
            format!("Outstanding {what_en}, leading in China"),
        ),
        tier(
            1600,
            2050,
            format!("{what}较好，优于行业平均水平"),
            format!("Good {what_en}, above the industry average"),
        ),
        tier(
            1000,
            1550,
            format!("{what}一般，与同类项目相当"),
            format!("Fair {what_en}, on a par with similar projects"),
        ),
        tier(0, 950, format!("{what}不足"), format!("Weak {what_en}")),
    ]
}

fn criterion(id: &str, zh: &str, en: &str) -> Criterion {
    Criterion {
        id: id.into(),
        zh: zh.into(),
        en: en.into(),
        max: Points::whole(25),
        step: Points(50),
        anchors: anchors(zh, &en.to_lowercase()),
    }
}

pub fn rubrics() -> Vec<Rubric> {
    vec![
        Rubric {
            id: "platform".into(),
            zh: "网络安全「高精尖」创新平台评分标准".into(),
            en: "Innovation platform rubric".into(),
            directions: vec![13],
            criteria: vec![
                criterion("regional_advantage", "区域优势", "Regional advantage"),
                criterion("industrial_base", "产业基础", "Industrial base"),
                criterion("policy", "政策制度", "Policy and institutions"),
                criterion("innovation_factors", "创新要素", "Innovation factors"),
            ],
        },
        Rubric {
            id: "standard".into(),
            zh: "试点示范项目评分标准".into(),
            en: "Pilot project rubric".into(),
            directions: (1..=12).collect(),
            criteria: vec![
                criterion("innovation", "创新性", "Innovation"),
                criterion("advancement", "先进性", "Advancement"),
                criterion("practicality", "实用性", "Practicality"),
                criterion("scalability", "可推广性", "Scalability"),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_steps() {
        assert_eq!(add_days(date(2024, 2, 28), 1).to_string(), "2024-02-29");
        assert_eq!(add_days(date(2024, 2, 29), 1).to_string(), "2024-03-01");
        assert_eq!(add_days(date(2023, 12, 31), 1).to_string(), "2024-01-01");
        assert_eq!(add_days(date(2024, 3, 1), -1).to_string(), "2024-02-29");
        assert_eq!(add_days(date(2024, 1, 1), -1).to_string(), "2023-12-31");
        assert_eq!(add_days(date(2024, 1, 15), 45).to_string(), "2024-02-29");
    }
}
