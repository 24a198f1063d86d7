//! The form's own words in zh-CN and en.

use crate::text::locale::Lang;

/// A UI word. Kept as one enum so a missing translation is a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Yes,
    No,
    Na,
    Required,
    Critical,
    More,
    Source,
    Note,
    AddRow,
    RemoveRow,
    NextUnanswered,
    NextFinding,
    Score,
    Verdict,
    Blockers,
    Findings,
    NoFindings,
    AddAction,
    AddUncovered,
    ResultMore,
    FindingsInspection,
    FindingsSelf,
    PrintFindings,
    PrintReport,
    PrintForm,
    Date,
    ResultLess,
    Ledger,
    Owner,
    Due,
    Status,
    Open,
    Done,
    Verified,
    Overdue,
    ModeSelf,
    ModeInspection,
    Mode,
    Language,
    LoadSelf,
    ExportJson,
    ExportCsv,
    Print,
    Submit,
    Answered,
    Sections,
    Result,
    Comparison,
    Agreement,
    Disputed,
    Delta,
    SelfScore,
    InspectionScore,
    Computed,
    Row,
    Tools,
    ChartTitle,
    AllAnswered,
    NoMoreFindings,
    Description,
    Remove,
    ConfirmRemove,
    AddPhoto,
    Caption,
    OpenPhoto,
    RemovePhoto,
    SiteAsk,
    SiteName,
    SiteCode,
    SiteSave,
    SignOff,
    RoleInspector,
    RoleSite,
    Sign,
    SignAgain,
    Unsigned,
    Stale,
    SignWhenComplete,
    SignerName,
    Clear,
    Cancel,
    Close,
    Saving,
    Saved,
    NotSaved,
    Queued,
    Sending,
    Sent,
    SendFailed,
    ServerBusy,
    HandedOver,
    ReviewAccepted,
    ReviewReturned,
    ReviewReinspect,
    OnDevice,
}

/// The word of a signer's role (`site`, else the inspector).
pub fn signer(role: &str) -> Word {
    if role == "site" {
        Word::RoleSite
    } else {
        Word::RoleInspector
    }
}

pub fn word(w: Word, lang: Lang) -> &'static str {
    use Word::*;
    let (zh, en) = match w {
        Yes => ("是", "Yes"),
        No => ("否", "No"),
        Na => ("不适用", "N/A"),
        Required => ("必填", "Required"),
        Critical => ("否决项", "Critical"),
        More => ("说明与依据", "Help and source"),
        Source => ("依据", "Source"),
        Note => ("备注", "Note"),
        AddRow => ("添加一行", "Add row"),
        RemoveRow => ("删除此行", "Remove row"),
        NextUnanswered => ("下一未答", "Next unanswered"),
        NextFinding => ("下一扣分项", "Next finding"),
        Score => ("得分", "Score"),
        Verdict => ("结论", "Verdict"),
        Blockers => ("否决问题", "Blockers"),
        Findings => ("扣分问题", "Findings"),
        NoFindings => ("暂无问题", "No findings"),
        AddAction => ("加入整改", "Add to ledger"),
        AddUncovered => ("全部列入台账", "Add them all to the ledger"),
        ResultMore => ("结果详情", "Result details"),
        FindingsInspection => ("督查意见", "Inspection findings"),
        FindingsSelf => ("自查报告", "Self-check report"),
        PrintFindings => ("打印督查意见", "Print the findings"),
        PrintReport => ("打印自查报告", "Print the report"),
        PrintForm => ("打印全表", "Print the whole form"),
        Date => ("日期", "Date"),
        ResultLess => ("收起结果", "Hide details"),
        Ledger => ("整改台账", "Rectification ledger"),
        Owner => ("责任人", "Owner"),
        Due => ("整改期限", "Due"),
        Status => ("状态", "Status"),
        Open => ("待整改", "Open"),
        Done => ("已整改待验收", "Done"),
        Verified => ("已销号", "Verified"),
        Overdue => ("已逾期", "Overdue"),
        ModeSelf => ("自查", "Self-check"),
        ModeInspection => ("督查", "Inspection"),
        Mode => ("模式", "Mode"),
        Language => ("语言", "Language"),
        LoadSelf => ("载入自查结果", "Load self-check"),
        ExportJson => ("导出 JSON", "Export JSON"),
        ExportCsv => ("导出 CSV", "Export CSV"),
        Print => ("打印", "Print"),
        Submit => ("提交", "Submit"),
        Answered => ("已答", "Answered"),
        Sections => ("分区", "Sections"),
        Result => ("结果", "Result"),
        Comparison => ("自查与督查对比", "Self-check vs inspection"),
        Agreement => ("一致率", "Agreement"),
        Disputed => ("争议项", "Disputed"),
        Delta => ("差值", "Difference"),
        SelfScore => ("自查", "Self"),
        InspectionScore => ("督查", "Inspection"),
        Computed => ("自动计算", "Computed"),
        Row => ("第 {} 行", "Row {}"),
        Tools => ("操作", "Tools"),
        ChartTitle => ("各分区得分", "Section scores"),
        AllAnswered => ("全部已作答", "Everything is answered"),
        NoMoreFindings => ("没有问题项", "No findings"),
        Description => ("整改内容", "What to fix"),
        Remove => ("删除", "Remove"),
        ConfirmRemove => ("确认删除", "Confirm removal"),
        AddPhoto => ("拍照取证", "Add photo"),
        Caption => ("照片说明", "Caption"),
        OpenPhoto => ("查看大图", "Open full size"),
        RemovePhoto => ("删除照片", "Remove photo"),
        SiteAsk => (
            "请填写被检查学校（单位）的名称和代码：草稿按学校分别保存，可先作答后填写。",
            "Name the site being checked: drafts are kept per site. You can answer first.",
        ),
        SiteName => ("学校名称", "Site name"),
        SiteCode => ("单位代码", "Site code"),
        SiteSave => ("确定", "Save site"),
        SignOff => ("签字确认", "Sign-off"),
        RoleInspector => ("检查人", "Inspector"),
        RoleSite => ("学校负责人", "Site representative"),
        Sign => ("签字", "Sign"),
        SignAgain => ("重新签字", "Sign again"),
        Unsigned => ("未签字", "Not signed"),
        Stale => (
            "签字后答案已修改，签字已失效",
            "Answers changed after signing: stale",
        ),
        SignWhenComplete => (
            "全部必答项答完后可签字",
            "Signing opens once every required item is answered",
        ),
        SignerName => ("签字人姓名", "Signer's name"),
        Clear => ("重写", "Clear"),
        Cancel => ("取消", "Cancel"),
        Close => ("关闭", "Close"),
        Saving => ("正在保存…", "Saving…"),
        Saved => ("已保存到本机", "Saved on this device"),
        NotSaved => ("未能保存到本机", "Not saved on this device"),
        Queued => ("待发送，联网后自动重试", "Queued: sent when online"),
        Sending => ("正在发送…", "Sending…"),
        Sent => ("已发送", "Sent"),
        SendFailed => ("发送失败", "Not accepted"),
        ServerBusy => (
            "服务器暂未接收，将自动重试：",
            "The server did not take it yet; retrying:",
        ),
        OnDevice => ("本机占用", "On this device"),
        HandedOver => ("已提交（由本页面处理）", "Submitted to this page"),
        ReviewAccepted => ("区县已验收通过", "Accepted by the district"),
        ReviewReturned => ("已退回整改", "Returned for rectification"),
        ReviewReinspect => ("需复查", "To be inspected again"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// "已答 3/5" / "3 of 5 answered".
pub fn progress(answered: usize, applicable: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已答 {answered}/{applicable}"),
        Lang::En => format!("{answered} of {applicable} answered"),
    }
}

/// "3 项问题未列入整改台账" (SPEC §3.6): findings without an owned, dated action.
pub fn uncovered(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("{n} 项问题未列入整改台账"),
        (Lang::En, 1) => "1 finding has no plan in the ledger".into(),
        (Lang::En, _) => format!("{n} findings have no plan in the ledger"),
    }
}

/// "显示全部 31 项" / "Show all 31".
pub fn show_all(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("显示全部 {n} 项"),
        Lang::En => format!("Show all {n}"),
    }
}

/// "扣 2 分" / "−2 pts".
pub fn points_lost(points: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("扣 {points} 分"),
        Lang::En => format!("−{points} pts"),
    }
}

/// The latest review of a site's submission (SPEC §10.4): "已退回整改：…"; `None` for a
/// state that is none of §10.4's.
pub fn review(state: &str, note: &str, lang: Lang) -> Option<String> {
    let w = match state {
        "accepted" => Word::ReviewAccepted,
        "returned" => Word::ReviewReturned,
        "reinspect" => Word::ReviewReinspect,
        _ => return None,
    };
    let note = note.trim();
    Some(match (note.is_empty(), lang) {
        (true, _) => word(w, lang).to_string(),
        (false, Lang::Zh) => format!("{}：{note}", word(w, lang)),
        (false, Lang::En) => format!("{}: {note}", word(w, lang)),
    })
}

/// "第 2 行" / "Row 2" (rows counted from 1 for people).
pub fn row(n: usize, lang: Lang) -> String {
    word(Word::Row, lang).replace("{}", &n.to_string())
}

/// The storage failure shown to the user.
pub fn storage_failed(detail: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("无法保存草稿（{detail}）。请勿关闭页面，先导出 JSON 备份。"),
        Lang::En => format!("The draft could not be saved ({detail}). Keep this page open and export JSON as a backup."),
    }
}

#[cfg(test)]
mod review_tests {
    use super::*;

    #[test]
    fn a_review_reads_as_its_state_and_note() {
        assert_eq!(
            review("returned", " 消毒记录不全 ", Lang::Zh).unwrap(),
            "已退回整改：消毒记录不全"
        );
        assert_eq!(
            review("accepted", "", Lang::En).unwrap(),
            "Accepted by the district"
        );
        assert_eq!(review("lost", "x", Lang::Zh), None);
    }
}
