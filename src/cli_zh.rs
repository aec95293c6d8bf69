//! The command line in Chinese: `--help`, usage and the man page of a Chinese run, laid over
//! the one declaration in cli.rs (whose doc comments are the English help).

use clap::builder::StyledStr;
use clap::Command;

/// The Chinese `about` of the program ("") and of each subcommand, by its path below the
/// program (`decide override`).
const ABOUT: &[(&str, &str)] = &[
    ("", "评审 pingshen：网络安全技术应用试点示范项目的专家评审"),
    ("demo", "在新建的临时评审库中，用内置的评审任务打开交互界面"),
    (
        "init",
        "把评审任务或专家评审包载入评审库（要么全部载入，要么都不载入）",
    ),
    (
        "intake",
        "把推荐单位的推荐项目汇总表及其申报书文件加入评审任务",
    ),
    (
        "check",
        "形式审查与回避审查的发现；有阻断性问题时退出码为 1",
    ),
    ("triage", "秘书处对一个项目签署的形式审查结论"),
    (
        "assign",
        "为各评审组抽取专家和候补专家（一项签署的决定）",
    ),
    (
        "package",
        "一位专家的评审包：分给他且无须回避的项目，经秘书处签署",
    ),
    ("tui", "交互界面"),
    ("pledge", "确认保密及回避承诺"),
    ("score", "记录一项评分，检查与交互界面相同"),
    ("declare", "申明与某个项目有利益冲突（回避）"),
    (
        "decide",
        "组长或秘书处签署的决定：override（覆盖）、confirm（确认）、dismiss（排除）或 round（开启新一轮）",
    ),
    ("decide override", "让一项阻断性问题不再阻断（组长）"),
    ("decide confirm", "确认一项 E6 或 C5 疑似情形"),
    ("decide dismiss", "排除一项 E6 或 C5 疑似情形"),
    ("decide round", "为一个评审组开启新一轮评分（组长）"),
    (
        "receive",
        "把签署的决定（覆盖、开启新一轮）收入专家的评审库",
    ),
    ("keygen", "生成密钥对"),
    ("export", "导出专家签名的评分表"),
    (
        "verify",
        "每份评分表一行：有效、已被取代，或不能通过的原因；有任何一份不能通过时退出码为 1",
    ),
    ("import", "从专家本人的评分表重建其评分"),
    ("recover", "从日志重建评审库"),
    ("merge", "确定性地汇总评分表、计算得分并排名"),
    ("report", "根据汇总结果生成结果表和记录"),
    ("search", "交互界面的模糊与拼音搜索，每行一个结果"),
    ("audit", "核查或列出哈希链式的审计日志"),
    ("audit verify", "核查哈希链；指出第一处断裂"),
    ("audit show", "列出各条审计记录"),
    (
        "gen",
        "按测试数据的格式生成一个合成的评审任务；种子相同，生成的字节也相同",
    ),
    ("config", "配置及各项取值的来源"),
    ("config show", "合并后的配置及各项取值的来源"),
    ("completions", "命令补全脚本（供 bash、zsh、fish 等使用）"),
    ("man", "把手册页（roff 格式）输出到标准输出"),
    ("help", "显示本帮助，或所给子命令的帮助"),
];

const CAMPAIGN_DEFAULT: &str = "评审任务文件夹（默认：评审库中的评审任务）";
const REASON_SIGNED: &str = "理由，一句话；与决定一同签署";
const APP_ID: &str = "项目编号，如 A001";

/// The Chinese help of each argument, by the path of its command and the argument's id.
/// The global options are the program's ("").
const ARGS: &[(&str, &str, &str)] = &[
    (
        "",
        "db",
        "所用的评审库（一个文件夹，由 `init` 创建）。默认取 $PINGSHEN_DB，否则为本平台的数据文件夹",
    ),
    ("", "lang", "界面语言；默认依 LANG 而定"),
    (
        "",
        "verbose",
        "在日志文件中记录更多诊断信息（重复使用可记录更多）",
    ),
    ("demo", "chair", "以评审组组长身份，打开内置的演示评分表"),
    ("init", "dir", "评审任务的文件夹"),
    ("intake", "xlsx", "附件3 电子表格（XLSX）"),
    ("intake", "campaign", "项目所加入的评审任务文件夹"),
    ("intake", "docs", "存放结构化申报书文件和原始文档的文件夹"),
    (
        "check",
        "format",
        "text 供阅读，或 json，其字段见 docs/check-json.md",
    ),
    (
        "check",
        "expert",
        "只看这位专家的回避情形，以及其所在评审组中未通过形式审查的项目",
    ),
    (
        "check",
        "app",
        "只看这个项目：它的形式审查，以及每位专家与它的回避情形",
    ),
    ("check", "campaign", CAMPAIGN_DEFAULT),
    ("triage", "app", "项目编号，如 A051"),
    (
        "triage",
        "verdict",
        "结论：fail（不通过）使该项目退出评审；info（需补充材料）只记下一个问题",
    ),
    ("triage", "reason", "理由，一句话；与结论一同签署"),
    ("triage", "key", "秘书处的私钥文件"),
    ("triage", "campaign", CAMPAIGN_DEFAULT),
    (
        "assign",
        "seed",
        "抽取的种子：种子和评审任务相同，抽取结果也相同",
    ),
    ("assign", "panel_size", "每个评审组抽取的专家人数"),
    ("assign", "reserves", "每个评审组在专家之外另抽取的候补人数"),
    ("assign", "key", "秘书处的私钥文件，用于签署抽取结果"),
    ("assign", "campaign", CAMPAIGN_DEFAULT),
    (
        "assign",
        "redraw",
        "已有签署的抽取结果时重新抽取；新结果取代原结果（须同时给出 --reason）",
    ),
    (
        "assign",
        "reason",
        "重新抽取的理由（与 --redraw 同用）；与新的抽取结果一同签署",
    ),
    ("package", "expert", "评审包所属的专家"),
    ("package", "out", "写入评审包的新文件夹（或空文件夹）"),
    ("package", "key", "秘书处的私钥文件，用于签署评审包"),
    (
        "package",
        "campaign",
        "评审任务文件夹，评审包附带其中的文档（默认：评审库）",
    ),
    ("tui", "expert", "以这位专家的身份评分"),
    (
        "tui",
        "chair",
        "组长视图，汇总各份 SHEET 评分表（须同时给出 --campaign）",
    ),
    (
        "tui",
        "triage",
        "秘书处的形式审查视图，用于签署形式审查结论",
    ),
    (
        "tui",
        "key",
        "签名用的私钥：专家的（导出评分表）或秘书处的（形式审查）",
    ),
    ("tui", "campaign", "组长视图：评分表所属的评审任务文件夹"),
    ("tui", "sheets", "组长视图：要汇总的已签名评分表"),
    ("pledge", "expert", "确认承诺的专家"),
    ("score", "app", APP_ID),
    (
        "score",
        "criterion",
        "评分标准中评分项的编号，如 innovation",
    ),
    ("score", "value", "分数，如 23 或 22.5"),
    ("score", "expert", "评分的专家"),
    ("score", "comment", "评语，随评分保存，并在评分表中签署"),
    ("score", "reason", "分数与上一轮不同的理由（第二轮起）"),
    ("declare", "app", APP_ID),
    ("declare", "expert", "申明回避的专家"),
    (
        "declare",
        "reason",
        "与该项目的关系，一句话（再次申明会取代此前的）",
    ),
    ("decide override", "rule", "规则编号，如 C1 或 E5"),
    ("decide override", "app", "项目编号"),
    ("decide override", "expert", "回避情形（C1-C6）所涉的专家"),
    ("decide override", "reason", REASON_SIGNED),
    ("decide override", "key", "组长的私钥文件"),
    ("decide override", "campaign", CAMPAIGN_DEFAULT),
    ("decide confirm", "rule", "E6 或 C5"),
    ("decide confirm", "app", "项目编号"),
    (
        "decide confirm",
        "other",
        "用于 E6：疑似重复申报的另一个项目",
    ),
    ("decide confirm", "expert", "用于 C5：所涉的专家"),
    ("decide confirm", "reason", REASON_SIGNED),
    ("decide confirm", "key", "组长或秘书处的私钥文件"),
    ("decide confirm", "campaign", CAMPAIGN_DEFAULT),
    ("decide dismiss", "rule", "E6 或 C5"),
    ("decide dismiss", "app", "项目编号"),
    (
        "decide dismiss",
        "other",
        "用于 E6：疑似重复申报的另一个项目",
    ),
    ("decide dismiss", "expert", "用于 C5：所涉的专家"),
    ("decide dismiss", "reason", REASON_SIGNED),
    ("decide dismiss", "key", "组长或秘书处的私钥文件"),
    ("decide dismiss", "campaign", CAMPAIGN_DEFAULT),
    ("decide round", "panel", "评审组编号，如 P1"),
    ("decide round", "round", "要开启的轮次（2 或以上）"),
    ("decide round", "reason", REASON_SIGNED),
    ("decide round", "key", "组长的私钥文件"),
    ("decide round", "campaign", CAMPAIGN_DEFAULT),
    ("receive", "files", "组长或秘书处签署的决定文件（.json）"),
    ("keygen", "role", "谁的密钥：专家、组长或秘书处"),
    (
        "keygen",
        "id",
        "密钥编号（专家的密钥编号即其专家编号）：字母、数字、- 和 _",
    ),
    (
        "keygen",
        "sig",
        "签名算法：SM2 与 SM3（国家标准），或 Ed25519",
    ),
    ("keygen", "out", "存放密钥文件的文件夹（默认：当前文件夹）"),
    (
        "keygen",
        "passphrase_env",
        "用从这个环境变量读取的口令保护私钥",
    ),
    ("export", "expert", "评分表所属的专家（专家编号，如 EXP04）"),
    (
        "export",
        "out",
        "要写出的评分表文件；已有的文件会保留，除非给出 --force",
    ),
    (
        "export",
        "key",
        "专家的私钥文件（默认：当前文件夹中的 ID.key）",
    ),
    (
        "export",
        "force",
        "FILE 已存在时替换它（其中原有的评分表将丢失）",
    ),
    (
        "verify",
        "campaign",
        "评分表所属的评审任务文件夹（用其中的 keys.toml 和决定）",
    ),
    ("verify", "files", "已签名的评分表（.json）"),
    ("import", "expert", "评分表所属的专家"),
    ("import", "sheet", "专家本人签名的评分表（.json）"),
    (
        "merge",
        "campaign",
        "评分表所属的评审任务文件夹（用其中的 keys.toml 和决定）",
    ),
    (
        "merge",
        "sheets",
        "已签名的评分表（.json）；每位专家以最新的修订为准",
    ),
    ("merge", "out", "要写出的汇总结果（JSON）"),
    ("report", "merged", "`pingshen merge -o` 写出的文件"),
    (
        "report",
        "kind",
        "results（排名表）、personal（每位专家的评分）或 minutes（评审会议纪要）",
    ),
    ("report", "format", "文件格式"),
    ("report", "out", "要写出的报告文件"),
    (
        "search",
        "query",
        "词语、编号或拼音首字母（如 aqpt 代表安全平台）",
    ),
    ("search", "limit", "最多显示几个结果"),
    ("gen", "apps", "项目数"),
    ("gen", "experts", "专家数"),
    (
        "gen",
        "assign",
        "评分表由各评审组的专家评分（panels），或由每位专家为每个项目评分（all）",
    ),
    ("gen", "seed", "生成器的种子：种子相同，生成的字节也相同"),
    ("gen", "sig", "所生成的密钥和评分表的签名算法"),
    ("gen", "out", "写入评审任务的新文件夹（或空文件夹）"),
    ("completions", "shell", "要为哪种 shell 生成补全"),
];

/// The Chinese `about` of the command at `path` (`""` for the program, `decide override`).
pub fn about(path: &str) -> Option<&'static str> {
    let path = own_path(path);
    ABOUT.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

/// The Chinese help of argument `id` of the command at `path`; a global option is found
/// under the program, and clap's own `--help` and `--version` everywhere.
pub fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    match id {
        "help" => return Some("显示帮助"),
        "version" => return Some("显示版本"),
        _ => {}
    }
    let path = own_path(path);
    ARGS.iter()
        .find(|(p, i, _)| *p == path && *i == id)
        .or_else(|| ARGS.iter().find(|(p, i, _)| p.is_empty() && *i == id))
        .map(|(_, _, h)| *h)
}

/// Where the texts of the command at `path` are kept: clap's `help` subcommand (at any
/// level: `decide help`) is `help`, and the copies under it (`help decide override`, for
/// completing `pingshen help …`) are the commands they copy.
fn own_path(path: &str) -> String {
    let parts: Vec<&str> = path.split_whitespace().collect();
    if parts.last() == Some(&"help") {
        return "help".into();
    }
    parts
        .into_iter()
        .filter(|p| *p != "help")
        .collect::<Vec<_>>()
        .join(" ")
}

/// `cmd` (the program's `Cli::command()`) with its help in Chinese: every about and argument
/// help from the tables above, with defaults, choices and variables said in Chinese, and the
/// headings 用法 / 子命令 / 参数 / 选项. The command is built first, so clap's own `--help`,
/// `--version` and `help` subcommand are there to be translated; parsing with it is the
/// same as with `cmd`.
pub fn localised(mut cmd: Command) -> Command {
    cmd.build();
    localise(&mut cmd, "");
    cmd
}

fn localise(cmd: &mut Command, path: &str) {
    let mut c = std::mem::take(cmd);
    if let Some(about) = about(path) {
        c = c.about(about).long_about(None);
    }
    let template = template(&c);
    c = c
        .help_template(template)
        .subcommand_help_heading("子命令")
        .mut_args(|a| {
            let Some(help) = arg_help(path, a.get_id().as_str()) else {
                return a;
            };
            let help = format!("{help}{}", notes(&a, help));
            a.help(help)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
                .hide_env(true)
        });
    for sub in c.get_subcommands_mut() {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        localise(sub, &sub_path);
    }
    *cmd = c;
}

/// What clap appends in English (`[default: text] [possible values: text, json]`,
/// `[env: PINGSHEN_DB=]`), said in Chinese.
fn notes(a: &clap::Arg, help: &str) -> String {
    let mut notes = vec![];
    let takes_value = a.get_action().takes_values();
    if takes_value && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<_> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        notes.push(format!("默认：{}", values.join("、")));
    }
    let choices: Vec<_> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !a.is_hide_possible_values_set() && !choices.is_empty() {
        notes.push(format!("可选：{}", choices.join("、")));
    }
    if let Some(var) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        let var = var.to_string_lossy();
        if !help.contains(&*var) {
            notes.push(format!("也可由环境变量 {var} 给出"));
        }
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!("（{}）", notes.join("；"))
    }
}

/// clap's default help layout with Chinese headings, in clap's own styles; only the
/// sections this command has.
fn template(cmd: &Command) -> StyledStr {
    let styles = cmd.get_styles();
    let heading = |style: &clap::builder::styling::Style, text: &str| {
        format!("{}{text}:{}", style.render(), style.render_reset())
    };
    let header = styles.get_header();
    let mut t = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}",
        heading(styles.get_usage(), "用法")
    );
    let mut sections = vec![];
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        sections.push(format!("{}\n{{subcommands}}", heading(header, "子命令")));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(format!("{}\n{{positionals}}", heading(header, "参数")));
    }
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        sections.push(format!("{}\n{{options}}", heading(header, "选项")));
    }
    if !sections.is_empty() {
        t.push_str("\n\n");
        t.push_str(&sections.join("\n\n"));
    }
    t.push_str("{after-help}");
    StyledStr::from(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn find<'a>(cmd: &'a Command, path: &str) -> Option<&'a Command> {
        path.split_whitespace()
            .try_fold(cmd, |c, name| c.find_subcommand(name))
    }

    /// Every text here belongs to a command and an argument that exist: one renamed or
    /// removed in cli.rs leaves no stale line behind.
    #[test]
    fn every_text_has_its_command_and_argument() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        for (path, _) in ABOUT {
            assert!(find(&cmd, path).is_some(), "no command `{path}`");
        }
        for (path, id, _) in ARGS {
            let c = find(&cmd, path).unwrap_or_else(|| panic!("no command `{path}`"));
            assert!(
                c.get_arguments().any(|a| a.get_id().as_str() == *id),
                "`{path}` has no argument `{id}`"
            );
        }
    }

    #[test]
    fn defaults_and_choices_are_said_in_chinese() {
        let cmd = localised(crate::cli::Cli::command());
        let check = find(&cmd, "check").expect("check");
        let format = check
            .get_arguments()
            .find(|a| a.get_id() == "format")
            .expect("--format");
        assert!(format.is_hide_default_value_set() && format.is_hide_possible_values_set());
        assert_eq!(
            format.get_help().map(|h| h.to_string()).as_deref(),
            Some(
                "text 供阅读，或 json，其字段见 docs/check-json.md（默认：text；可选：text、json）"
            )
        );
        // $PINGSHEN_DB is named in the text already, so not twice.
        let db = cmd
            .get_arguments()
            .find(|a| a.get_id() == "db")
            .expect("--db");
        let help = db.get_help().map(|h| h.to_string()).unwrap_or_default();
        assert_eq!(help.matches("PINGSHEN_DB").count(), 1, "{help}");
        assert!(db.is_hide_env_set());
    }
}
