//! Every string the interface shows, in Chinese and English. Chrome uses ASCII or wide CJK
//! glyphs only (no `…`, `—`, `·`), so it lays out the same on every terminal.

use crate::i18n::Lang;

/// A user-facing string in both languages.
pub type Text = (&'static str, &'static str);

pub fn t(lang: Lang, s: Text) -> &'static str {
    lang.pick(s.0, s.1)
}

pub const APP_LIST: Text = ("项目列表", "Applications");
pub const DETAIL: Text = ("项目详情", "Detail");
pub const RUBRIC: Text = ("评分", "Scoring");
pub const CONFLICTS: Text = ("回避检查", "Conflicts");
pub const FINDINGS: Text = ("审查发现", "Findings");
pub const HELP: Text = ("帮助（? 或 Esc 关闭）", "Help (? or Esc closes)");
pub const CHAIR: Text = ("组长视图", "Chair's view");
pub const TRIAGE_LIST: Text = ("形式审查", "Formal review");

pub const STATUS_UNSCORED: Text = ("未评", "unscored");
pub const STATUS_PARTIAL: Text = ("部分", "partial");
pub const STATUS_SCORED: Text = ("已评", "scored");
pub const STATUS_CONFLICT: Text = ("回避", "conflict");
/// A row whose formal review and conflicts are still being weighed (just after start).
pub const STATUS_CHECKING: Text = ("核查中", "checking");

pub const TRIAGE_OPEN: Text = ("未分诊", "untriaged");
pub const TRIAGE_PASS: Text = ("通过", "pass");
pub const TRIAGE_FAIL: Text = ("不通过", "fail");
pub const TRIAGE_INFO: Text = ("补材料", "info");

pub const COL_ID: Text = ("编号", "Id");
pub const COL_NAME: Text = ("项目名称", "Name");
pub const COL_DIRECTION: Text = ("方向", "Direction");
pub const COL_STATUS: Text = ("状态", "Status");

pub const FILTER_ALL: Text = ("全部", "all");
pub const FILTER_TODO: Text = ("未评完", "to do");
pub const FILTER: Text = ("筛选", "filter");
pub const SORT: Text = ("排序", "sort");
pub const SORT_ID: Text = ("编号", "id");
pub const SORT_DIRECTION: Text = ("方向", "direction");
pub const SORT_STATUS: Text = ("状态", "status");
pub const SORT_RELEVANCE: Text = ("相关度", "relevance");
pub const SEARCH: Text = ("搜索", "search");
pub const NO_MATCH: Text = ("没有符合条件的项目", "no application matches");
pub const NOTHING_SELECTED: Text = ("未选择项目", "no application selected");

pub const MEMBERS: Text = ("联合体成员", "Consortium");
pub const LEAD: Text = ("牵头", "lead");
pub const JOINT: Text = ("联合", "joint");
pub const RECOMMENDER: Text = ("推荐单位", "Recommender");
pub const PRIORITY: Text = ("推荐排序", "priority");
pub const DIRECTION: Text = ("方向", "Direction");
pub const INDUSTRY: Text = ("行业", "Industry");
pub const LOCATION: Text = ("项目所在地", "Location");
pub const BUILD: Text = ("建设状态", "Status");
pub const BUILD_OPERATING: Text = ("已建成并投入运行", "built and in operation");
pub const BUILD_UNDER: Text = ("在建", "under construction");
pub const BUILD_PLANNED: Text = ("未建", "not built");
pub const DOCUMENTS: Text = ("原始材料", "Documents");
pub const CREDIT_CODE: Text = ("统一社会信用代码", "credit code");
pub const UNKNOWN_UNIT: Text = ("（未知单位）", "(unknown unit)");
pub const EMPTY_SECTION: Text = ("（未填写）", "(empty)");

pub const BLOCKED_TITLE: Text = (
    "须回避：不显示项目内容，不能评分",
    "Blocking conflict: no content is shown and no score can be given",
);
pub const BLOCKED_OVERRIDE: Text = (
    "只有组长可以书面批准覆盖。",
    "Only the chair can override, in writing.",
);

pub const MAX: Text = ("满分", "max");
pub const STEP: Text = ("步长", "step");
pub const SCORE: Text = ("得分", "score");
pub const NOT_SCORED: Text = ("未评", "--");
pub const COMMENT: Text = ("评语", "comment");
pub const REASON: Text = ("理由", "reason");
pub const TOTAL: Text = ("合计", "total");
pub const ROUND: Text = ("第{}轮", "round {}");
pub const NO_RUBRIC: Text = (
    "本项目的方向没有评分细则",
    "no rubric scores this application's direction",
);
pub const RUBRIC_LOCKED: Text = ("评分已锁定：", "Scoring locked: ");

pub const NO_FINDINGS: Text = (
    "未发现利益冲突。如有未列出的关系，按 d 申明回避。",
    "No conflict found. If you have a relation not listed, press d to declare it.",
);
pub const NO_APP_FINDINGS: Text = (
    "未发现形式审查问题",
    "No formal-review finding for this application.",
);
pub const CHECKING: Text = ("正在检查...", "checking...");
/// The detail of an application before its checks are known: no content until it is
/// known that no blocking conflict hides it.
pub const DETAIL_CHECKING: Text = (
    "形式审查和利益冲突核查中：核查完成前不显示项目内容，不能评分",
    "Checking formal review and conflicts: the content shows, and scores can be given, once they are done",
);
pub const PROGRESS_CHECKING: Text = ("核查中...", "checking...");
pub const DECLARED: Text = ("本人申明", "declared by you");
pub const BLOCKING: Text = ("须回避", "blocking");
pub const WARNING: Text = ("提示", "warning");
pub const PRESS_D: Text = ("d 申明回避", "d declares a conflict");

pub const EXPERT: Text = ("专家", "expert");
pub const PROGRESS: Text = ("进度", "progress");
pub const SAVED: Text = ("已保存", "saved");
pub const SAVING: Text = ("保存中", "saving");
pub const EXPORTING: Text = ("导出中...", "exporting...");
/// An entry of a hint line: the keys of `actions` (as the key map has them, joined by
/// `join`), then `text`.
pub struct Hint {
    pub actions: &'static [&'static str],
    pub join: &'static str,
    pub text: Text,
}

const fn hint(actions: &'static [&'static str], text: Text) -> Hint {
    Hint {
        actions,
        join: "/",
        text,
    }
}

pub const HINT: [Hint; 5] = [
    hint(&["help"], ("帮助", "help")),
    hint(&["search"], ("搜索", "search")),
    hint(&["filter"], ("筛选", "filter")),
    hint(&["next_unscored"], ("下一个未评", "next unscored")),
    hint(&["quit"], ("退出", "quit")),
];
pub const TRIAGE_HINT: [Hint; 6] = [
    hint(&["help"], ("帮助", "help")),
    hint(&["triage_pass"], ("通过", "pass")),
    hint(&["triage_fail"], ("不通过", "fail")),
    hint(&["triage_info"], ("补材料", "info")),
    hint(&["next_untriaged"], ("下一个未分诊", "next untriaged")),
    hint(&["quit"], ("退出", "quit")),
];
pub const CHAIR_HINT: [Hint; 5] = [
    hint(&["help"], ("帮助", "help")),
    hint(&["focus_next"], ("切换窗格", "panes")),
    Hint {
        actions: &["prev_direction", "next_direction"],
        join: " ",
        text: ("切换方向", "direction"),
    },
    hint(&["move_down", "move_up"], ("选择", "select")),
    hint(&["quit"], ("退出", "quit")),
];

pub const PROMPT_SCORE: Text = ("分数", "score");
pub const PROMPT_COMMENT: Text = ("评语", "comment");
pub const PROMPT_REASON: Text = ("改分理由（第二轮起须填写）", "reason for the change");
pub const PROMPT_DECLARE: Text = ("申明回避的理由", "reason for the declaration");
pub const PROMPT_SEARCH: Text = ("搜索", "search");
pub const PROMPT_TRIAGE: Text = ("审查理由", "reason");
pub const INPUT_KEYS: Text = ("回车确认  Esc 取消", "Enter commits  Esc cancels");

/// `{ack}` and `{quit}` are the keys, as the key map has them.
pub const PLEDGE_ACK: Text = (
    "按 {ack} 确认并记录承诺，按 {quit} 退出",
    "Press {ack} to acknowledge and record the commitment, {quit} to quit",
);
pub const PLEDGE_TITLE: Text = ("保密及回避承诺", "Commitment");

pub const MSG_SCORE_FIRST: Text = (
    "请先为这一项打分，再写评语",
    "score this criterion first, then comment on it",
);
pub const MSG_NO_CRITERION: Text = ("没有可评分的评分项", "there is no criterion to score");
pub const MSG_DECLARED: Text = ("已申明回避：", "conflict declared: ");
pub const MSG_NONE_UNSCORED: Text = ("所有项目均已评完", "every application is fully scored");
pub const MSG_NONE_UNTRIAGED: Text = ("所有项目均已分诊", "every application is triaged");
pub const MSG_EXPORTED: Text = ("已导出：", "exported: ");
pub const MSG_CHECKS_PENDING: Text = (
    "形式审查和利益冲突核查仍在计算中，请稍候再评分",
    "the formal-review and conflict checks are still being computed; score once they are done",
);
pub const MSG_LOCKED: Text = (
    "该项目须回避，不能评分或评语",
    "this application is under a blocking conflict and cannot be scored",
);
/// `{pane}`: the scoring pane's name; `{key}` and `{next}`: the keys that go there.
pub const MSG_SCORE_WHERE: Text = (
    "分数在「{pane}」窗格输入：按 {key}（或 {next} 切换窗格）转到那里",
    "scores are typed in the {pane} pane: press {key} (or {next} through the panes)",
);
pub const MSG_SCORE_WHERE_KEY: Text = (
    "分数在「{pane}」窗格输入：按 {key} 转到那里",
    "scores are typed in the {pane} pane: press {key} to go there",
);
/// Said before the reason is asked for, so nothing typed is lost; within 80 columns.
pub const MSG_TRIAGE_NO_KEY: Text = (
    "无秘书处密钥，不能签署：请退出，用 `pingshen tui --triage --key 密钥文件` 打开",
    "no secretariat key: quit and reopen with `pingshen tui --triage --key FILE`",
);
/// Beside the input line's prompt, so short enough to fit after it in 80 columns.
pub const MSG_REASON_EMPTY: Text = ("理由不能为空，请填写理由", "a reason is needed: write one");
pub const MSG_PLEDGED: Text = ("已记录承诺", "commitment recorded");

pub const TOO_SMALL: Text = (
    "终端太小：{w}x{h}，需要 {mw}x{mh}",
    "terminal too small: {w}x{h}, need {mw}x{mh}",
);

pub const MSG_FOLDER_CHANGED: Text = (
    "评审任务文件夹在 init 后被改动过，未签署；请退出并运行 pingshen check 查看",
    "campaign folder changed after init; nothing signed: quit, run pingshen check",
);
pub const MSG_FOLDER_GONE: Text = (
    "评审任务文件夹已不在原处，未签署；请退出并运行 pingshen check 查看",
    "campaign folder not in its place; nothing signed: quit, run pingshen check",
);
pub const MSG_TRIAGED: Text = ("已签署形式审查结论：", "triage verdict signed: ");

pub const CH_RANKING: Text = ("排名", "Ranking");
pub const CH_SPREAD: Text = ("评分分布", "Spread");
pub const CH_QUEUE: Text = ("分歧队列", "Divergence queue");
pub const CH_DROPPED: Text = ("剔除的评分", "Dropped scores");
pub const CH_CALIBRATION: Text = ("专家校准", "Calibration");
pub const CH_FRAGILITY: Text = ("名次稳健性", "Fragility");
pub const CH_TAB_QUEUE: Text = ("分歧队列", "Queue");
pub const CH_TAB_DROPPED: Text = ("剔除", "Dropped");
pub const CH_TAB_CALIBRATION: Text = ("校准", "Calibration");
pub const CH_TAB_FRAGILITY: Text = ("稳健性", "Fragility");
pub const CH_TAB_SPREAD: Text = ("分布", "Spread");
pub const CH_QUEUE_ROW: Text = ("方向{d} 第{r}名 极差", "dir {d} #{r} spread");
pub const CH_CAL_LEGEND: Text = (
    "各专家按本人总分的排序，括号内为官方名次；! 表示两者不同",
    "Each expert's own order, the official rank in brackets; ! where they differ",
);
pub const CH_COL_RANK: Text = ("名次", "Rank");
pub const CH_COL_SCORE: Text = ("组评分", "Score");
pub const CH_COL_FLAGS: Text = ("标记", "Flags");
pub const CH_COL_RANGE: Text = ("名次区间", "Range");
pub const CH_COL_BEST: Text = ("去掉谁最好", "Best without");
pub const CH_COL_WORST: Text = ("去掉谁最差", "Worst without");
/// The flag legend under the chair's ranking, one entry per flag; wrapped between
/// entries, never inside one.
pub const CH_LEGEND: [Text; 8] = [
    ("D 分歧", "D divergent"),
    ("I 有效总分不足", "I incomplete"),
    ("C 剔除回避", "C conflicts dropped"),
    ("O 覆盖", "O override"),
    ("P 不完整", "P partial"),
    ("R 改分无理由", "R unexplained change"),
    ("N 非本组", "N not assigned"),
    ("* 拟推荐", "* recommended"),
];
pub const CH_NO_DIRECTION: Text = ("没有可排名的项目", "no application to rank");
pub const CH_MEAN: Text = ("均分", "mean");
pub const CH_MEDIAN: Text = ("中位数", "median");
pub const CH_RANGE: Text = ("极差", "spread");
pub const CH_TRIMMED: Text = ("去掉最高最低后平均", "trimmed mean");
pub const CH_DIVERGENT: Text = ("分歧", "divergent");
pub const CH_PARTIAL: Text = ("不完整，缺", "partial, missing");
pub const CH_PCT: Text = ("百分位", "pctile");
pub const CH_TOTAL_COL: Text = ("总分", "total");
pub const CH_NO_TOTAL: Text = ("尚无完整总分", "no complete total yet");
pub const CH_QUEUE_EMPTY: Text = ("没有分歧待议", "no divergence to discuss");
/// `{key}`: the key that opens, as the key map has it.
pub const CH_QUEUE_HINT: Text = ("{key}：在排名中打开", "{key}: open in the ranking");
pub const CH_DROPPED_EMPTY: Text = ("没有被剔除的评分", "no score was dropped");
pub const CH_OVERRIDE: Text = ("覆盖", "override");
pub const CH_SCORES: Text = ("项评分", "score(s)");
pub const CH_CAL_EMPTY: Text = (
    "本方向还没有专家给出完整总分",
    "no expert gave a complete total in this direction yet",
);
pub const CH_OFFICIAL: Text = ("官方 ", "official ");
pub const CH_TOTALS: Text = ("份完整总分", "complete totals");
pub const CH_UNRANKED_WITHOUT: Text = ("去掉后无完整总分", "unranked without");
pub const CH_RANKED: Text = ("已排名", "ranked");
pub const CH_TO_DISCUSS: Text = ("待议", "to discuss");
pub const CH_SHEETS: Text = ("评分表", "sheets");
pub const CH_ROUND: Text = ("轮次", "round");

/// The help's line for a key that goes to a pane; `{name}` as the tab bar names it.
pub const GO_TO_PANE: Text = ("转到「{name}」窗格", "go to the {name} pane");
pub const HELP_CONTEXT_GLOBAL: Text = ("通用", "Everywhere");
pub const HELP_INPUT: Text = (
    "输入框：回车确认，Esc 取消，退格删除，左右移动光标",
    "Input line: Enter commits, Esc cancels, Backspace deletes, arrows move",
);
