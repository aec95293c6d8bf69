//! Words and sentence templates for project names, the five text sections of a 申报书 and
//! experts' comments. Sections stay one or two sentences so 10,000 applications stay small.

use super::rng::Rng;

/// Scenes of each industry (by the industry codes of `model::INDUSTRIES`).
pub const SCENES: [(&str, &[&str]); 9] = [
    (
        "telecom",
        &[
            "5G专网",
            "骨干网",
            "数据中心",
            "算力网络",
            "IPv6网络",
            "移动通信网",
            "互联网数据中心",
            "云网融合",
        ],
    ),
    (
        "hrss",
        &[
            "社保卡",
            "就业服务",
            "人社政务",
            "社会保险经办",
            "人社大数据",
            "劳动用工监测",
        ],
    ),
    (
        "water",
        &[
            "智慧水利",
            "水文监测",
            "水库调度",
            "灌区管理",
            "数字孪生流域",
            "城市供水",
        ],
    ),
    (
        "health",
        &[
            "智慧医院",
            "医疗数据",
            "互联网医院",
            "医保结算",
            "区域卫生信息",
            "疾控信息",
        ],
    ),
    (
        "emergency",
        &[
            "应急指挥",
            "安全生产监测",
            "灾害预警",
            "森林防火",
            "危化品监管",
            "应急通信",
        ],
    ),
    (
        "broadcast",
        &[
            "融媒体",
            "IPTV",
            "广电5G",
            "有线电视网",
            "应急广播",
            "视听内容",
        ],
    ),
    (
        "finance",
        &[
            "银行核心系统",
            "证券交易",
            "支付清算",
            "保险业务",
            "普惠金融",
            "农信系统",
        ],
    ),
    (
        "transport",
        &[
            "城市轨道交通",
            "高速公路",
            "智慧港口",
            "民航机场",
            "铁路调度",
            "城市公交",
        ],
    ),
    (
        "postal",
        &["快递物流", "邮政寄递", "智慧仓储", "邮政金融", "寄递实名"],
    ),
];

/// Technologies of each direction, 1 to 13.
pub const TECHS: [&[&str]; 13] = [
    &[
        "网络资产测绘",
        "零信任接入",
        "内生安全",
        "威胁监测预警",
        "攻击追踪溯源",
        "后量子密码迁移",
        "网络流量异常检测",
    ],
    &[
        "云原生安全",
        "多云安全管理",
        "容器安全",
        "云工作负载保护",
        "云安全资源池",
        "云上数据防泄漏",
    ],
    &[
        "大模型安全评测",
        "生成内容检测",
        "深度伪造识别",
        "智能威胁研判",
        "智能体安全防护",
        "训练数据保护",
    ],
    &[
        "数据分类分级",
        "数据安全治理",
        "数据出境监测",
        "隐私计算",
        "动态数据脱敏",
        "数据库审计",
        "数据流转溯源",
    ],
    &[
        "信创终端安全",
        "国产操作系统加固",
        "信创云安全",
        "国产数据库防护",
        "信创适配验证",
        "自主可控网关",
    ],
    &[
        "商用密码应用",
        "密码服务",
        "国密算法改造",
        "密钥全生命周期管理",
        "电子签章",
        "量子密钥分发",
    ],
    &[
        "车联网身份认证",
        "车载终端安全",
        "智能网联汽车数据保护",
        "车路协同通信安全",
        "车云协同监测",
    ],
    &[
        "物联网终端准入",
        "工业物联网安全",
        "边缘计算安全",
        "设备指纹识别",
        "感知终端防护",
        "物联网固件检测",
    ],
    &[
        "中小企业安全托管",
        "轻量化安全接入",
        "一站式安全服务",
        "安全能力订阅",
        "中小企业上云安全",
    ],
    &[
        "漏洞挖掘",
        "攻防演练",
        "安全大数据分析",
        "威胁情报共享",
        "自动化渗透测试",
        "安全编排与响应",
    ],
    &[
        "安全运营服务",
        "安全众测",
        "网络安全保险",
        "应急响应服务",
        "安全托管检测与响应",
        "安全评估咨询",
    ],
    &[
        "网络安全人才培养",
        "产教融合实训",
        "攻防靶场",
        "网络安全学院共建",
        "职业技能认证",
        "实战化教学",
    ],
    &[
        "网络安全产业集聚",
        "创新要素汇聚",
        "安全产品孵化",
        "高端人才引育",
        "成果转化服务",
    ],
];

/// What a project delivers; several of these are stripped by E6's normalisation.
pub const OBJECTS: [&str; 14] = [
    "平台",
    "系统",
    "解决方案",
    "防护体系",
    "服务平台",
    "管理平台",
    "监测平台",
    "一体化平台",
    "示范工程",
    "运营中心",
    "能力中心",
    "应用示范",
    "综合防护系统",
    "创新平台",
];

pub fn scenes(industry: &str) -> &'static [&'static str] {
    SCENES
        .iter()
        .find(|(c, _)| *c == industry)
        .map_or(SCENES[0].1, |(_, s)| s)
}

pub fn techs(direction: u8) -> &'static [&'static str] {
    TECHS[usize::from(direction.clamp(1, 13)) - 1]
}

/// A project name from a place, a scene, a technology and an object, in one of several
/// framings, so names vary in shape as well as in words.
pub fn project_name(rng: &mut Rng, place: &str, industry: &str, direction: u8) -> String {
    let scene = rng.pick(scenes(industry));
    let tech = rng.pick(techs(direction));
    let object = rng.pick(&OBJECTS);
    match rng.below(6) {
        0 => format!("基于{tech}的{place}{scene}{object}"),
        1 => format!("面向{scene}的{tech}{object}"),
        2 => format!("{place}{scene}{tech}{object}"),
        3 => format!("{scene}{tech}{object}"),
        4 => format!("{place}{tech}{object}"),
        _ => format!("{place}{scene}安全{tech}{object}"),
    }
}

const OVERVIEW: [&str; 4] = [
    "项目由{lead}牵头，面向{scene}场景建设，{year}年建成并投入运行。",
    "项目聚焦{scene}网络和数据安全保障需求，由{lead}联合相关单位共同实施，已稳定运行{months}个月。",
    "{lead}围绕{scene}业务的安全需求建设本项目，现已全面投入使用。",
    "项目覆盖{scene}核心业务系统，{year}年上线运行，服务用户单位{users}家。",
];
const TECHNICAL: [&str; 4] = [
    "采用{tech}等技术，构建监测、防护、处置一体化的技术架构。",
    "以{tech}为核心，形成覆盖终端、网络、应用和数据的多层防护能力。",
    "平台基于{tech}能力，实现安全事件的自动发现、研判和联动处置。",
    "通过{tech}与统一安全管理相结合，实现对关键资产的持续监测。",
];
const INNOVATION: [&str; 4] = [
    "在{tech}方面取得{patents}项发明专利，关键指标优于同类产品。",
    "首次在{scene}场景实现{tech}的规模化应用，技术水平国内领先。",
    "提出面向{scene}的轻量化{tech}方法，显著降低部署和运维成本。",
    "形成自主可控的{tech}核心组件，{patents}项成果通过第三方评测。",
];
const EFFECT: [&str; 4] = [
    "已在{users}家单位部署应用，安全事件平均处置时间缩短{pct}%。",
    "运行以来累计发现并处置安全风险{risks}项，未发生重大网络安全事件。",
    "项目投入使用后，{scene}业务系统安全防护覆盖率达到{pct}%。",
    "支撑{users}家用户单位通过网络安全等级保护测评。",
];
const PROMOTION: [&str; 4] = [
    "方案可在{industry}领域同类单位复制推广。",
    "已形成标准化产品和服务模式，具备在全国推广应用的条件。",
    "可向{industry}行业上下游企业推广，预计三年内覆盖{users}家单位。",
    "项目经验已形成行业指南，适合在{industry}领域规模化推广。",
];

pub struct SectionWords<'a> {
    pub lead: &'a str,
    pub scene: &'a str,
    pub tech: &'a str,
    pub industry: &'a str,
}

fn fill(rng: &mut Rng, template: &str, w: &SectionWords) -> String {
    template
        .replace("{lead}", w.lead)
        .replace("{scene}", w.scene)
        .replace("{tech}", w.tech)
        .replace("{industry}", w.industry)
        .replace("{year}", &rng.between(2019, 2023).to_string())
        .replace("{months}", &rng.between(8, 48).to_string())
        .replace("{users}", &rng.between(3, 260).to_string())
        .replace("{patents}", &rng.between(2, 18).to_string())
        .replace("{pct}", &rng.between(20, 95).to_string())
        .replace("{risks}", &rng.between(120, 9800).to_string())
}

/// The five sections of a 申报书, one templated sentence each.
pub fn sections(rng: &mut Rng, w: &SectionWords) -> crate::model::Sections {
    let mut section = |templates: &[&'static str]| {
        let t = *rng.pick(templates);
        fill(rng, t, w)
    };
    let overview = section(&OVERVIEW);
    let technical = section(&TECHNICAL);
    let innovation = section(&INNOVATION);
    let effect = section(&EFFECT);
    let promotion = section(&PROMOTION);
    crate::model::Sections {
        overview,
        technical,
        innovation,
        effect,
        promotion,
    }
}

/// Short comments an expert writes beside a score, from praise to doubt.
pub const COMMENTS: [&str; 10] = [
    "技术路线清晰，应用成效显著。",
    "创新性较强，建议补充量化指标。",
    "方案完整，推广价值较高。",
    "应用规模有限，推广前景一般。",
    "技术先进性论证不够充分。",
    "与行业需求结合紧密，实用性强。",
    "材料较为简略，部分数据缺少支撑。",
    "具有较好的示范带动作用。",
    "同类方案较多，特色不够突出。",
    "建议进一步明确核心技术的自主可控程度。",
];
