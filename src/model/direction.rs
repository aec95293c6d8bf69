//! The notice's 13 pilot directions in their 3 categories, and the industries it names.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 新型信息基础设施安全类
    Infrastructure,
    /// 数字化应用场景安全类
    ApplicationScenario,
    /// 安全基础能力提升类
    FoundationCapability,
}

impl Category {
    pub fn zh(self) -> &'static str {
        match self {
            Category::Infrastructure => "新型信息基础设施安全类",
            Category::ApplicationScenario => "数字化应用场景安全类",
            Category::FoundationCapability => "安全基础能力提升类",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Category::Infrastructure => "New information infrastructure security",
            Category::ApplicationScenario => "Digital application scenario security",
            Category::FoundationCapability => "Foundational security capability",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Direction {
    pub code: u8,
    pub category: Category,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Direction 13, the innovation platforms, with its own rubric and recommender quota.
pub const INNOVATION_PLATFORM: u8 = 13;
/// Direction 12, the education-industry consortia, which need two kinds of member.
pub const EDUCATION_CONSORTIUM: u8 = 12;

pub const DIRECTIONS: [Direction; 13] = {
    use Category::*;
    [
        Direction {
            code: 1,
            category: Infrastructure,
            zh: "基础网络安全",
            en: "Basic network security",
        },
        Direction {
            code: 2,
            category: Infrastructure,
            zh: "云计算安全",
            en: "Cloud computing security",
        },
        Direction {
            code: 3,
            category: Infrastructure,
            zh: "人工智能安全",
            en: "Artificial intelligence security",
        },
        Direction {
            code: 4,
            category: Infrastructure,
            zh: "大数据安全",
            en: "Big data security",
        },
        Direction {
            code: 5,
            category: Infrastructure,
            zh: "信创安全",
            en: "Xinchuang (domestic IT) security",
        },
        Direction {
            code: 6,
            category: Infrastructure,
            zh: "商用密码",
            en: "Commercial cryptography",
        },
        Direction {
            code: 7,
            category: ApplicationScenario,
            zh: "车联网安全",
            en: "Connected vehicle security",
        },
        Direction {
            code: 8,
            category: ApplicationScenario,
            zh: "物联网安全",
            en: "Internet of Things security",
        },
        Direction {
            code: 9,
            category: ApplicationScenario,
            zh: "中小企业数字化转型安全",
            en: "SME digital transformation security",
        },
        Direction {
            code: 10,
            category: FoundationCapability,
            zh: "网络安全共性技术",
            en: "Common cybersecurity technology",
        },
        Direction {
            code: 11,
            category: FoundationCapability,
            zh: "网络安全创新服务",
            en: "Innovative cybersecurity services",
        },
        Direction {
            code: 12,
            category: FoundationCapability,
            zh: "教育技术产业融合发展联合体",
            en: "Education-technology-industry consortium",
        },
        Direction {
            code: 13,
            category: FoundationCapability,
            zh: "网络安全「高精尖」创新平台",
            en: "Cutting-edge cybersecurity innovation platform",
        },
    ]
};

pub fn direction(code: u8) -> Option<&'static Direction> {
    DIRECTIONS.get(usize::from(code).checked_sub(1)?)
}

/// The industries the notice names, by the short code the campaign files use.
pub const INDUSTRIES: [(&str, &str, &str); 9] = [
    (
        "telecom",
        "公共通信和信息服务",
        "Public communications and information services",
    ),
    (
        "hrss",
        "人力资源社会保障",
        "Human resources and social security",
    ),
    ("water", "水利", "Water resources"),
    ("health", "卫生健康", "Health"),
    ("emergency", "应急管理", "Emergency management"),
    ("broadcast", "广播电视", "Radio and television"),
    ("finance", "金融", "Finance"),
    ("transport", "交通运输", "Transport"),
    ("postal", "邮政", "Postal services"),
];

pub fn industry(code: &str) -> Option<(&'static str, &'static str, &'static str)> {
    INDUSTRIES.iter().copied().find(|(c, _, _)| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_directions_in_three_categories() {
        assert_eq!(
            DIRECTIONS
                .iter()
                .filter(|d| d.category == Category::Infrastructure)
                .count(),
            6
        );
        assert_eq!(
            DIRECTIONS
                .iter()
                .filter(|d| d.category == Category::ApplicationScenario)
                .count(),
            3
        );
        assert_eq!(
            DIRECTIONS
                .iter()
                .filter(|d| d.category == Category::FoundationCapability)
                .count(),
            4
        );
        for (i, d) in DIRECTIONS.iter().enumerate() {
            assert_eq!(usize::from(d.code), i + 1);
        }
        assert!(direction(0).is_none() && direction(14).is_none());
        assert_eq!(direction(13).map(|d| d.code), Some(INNOVATION_PLATFORM));
    }
}
