//! Why a rule refused an action — typed, with a stable machine-readable code and messages in
//! Danish and English that tell the person what to do next.
//!
//! A refusal is a business answer, not a fault: retrying the same action cannot help. It
//! serializes as `{code, message_da, message_en}` so it can cross Tauri IPC and the hub's HTTP API
//! unchanged; `code` values are part of that contract and must never be renamed.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::ids::{OrgId, SystemId};
use crate::text::{long_date_da, long_date_en};

/// A refused action. `Display` is the English message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_en())]
pub enum Refusal {
    // --- registrations ---
    /// The organisation already has its one observer (bisidder) for the meeting.
    ObserverLimitReached {
        org: OrgId,
        meeting_date: NaiveDate,
    },
    /// The organisation already has a substitute holding its seat for the meeting.
    SubstituteAlreadyRegistered {
        org: OrgId,
        meeting_date: NaiveDate,
        name: String,
    },
    /// This person (by e-mail) is already registered for the meeting.
    AlreadyRegistered {
        name: String,
        meeting_date: NaiveDate,
    },
    /// The actor does not hold the organisation's seat for the meeting and is not the secretariat.
    NotSeatHolder {
        org: OrgId,
        meeting_date: NaiveDate,
    },
    /// Observers take part but do not register or cancel anyone.
    ObserverCannotRegister,
    /// The meeting is held, cancelled or in the past.
    MeetingClosedForRegistration {
        meeting_date: NaiveDate,
    },
    /// The registration to cancel does not exist (any more) for this meeting.
    RegistrationNotFound,
    RegistrantNameMissing,
    RegistrantEmailInvalid {
        email: String,
    },

    // --- minutes comments ---
    ObserverCannotComment,
    /// The comment round has not opened yet.
    CommentRoundNotOpen {
        opens: NaiveDate,
    },
    CommentRoundClosed {
        closes: NaiveDate,
    },
    /// The agenda item is not part of this minutes draft.
    AgendaItemNotInMinutes,
    /// Empty comment, objection or response text.
    CommentEmpty,
    CommentTooLong {
        max_chars: usize,
        chars: usize,
    },

    // --- written procedures ---
    ObserverCannotRespond,
    /// A member or substitute tried to answer on behalf of another organisation.
    NotOrgRepresentative {
        org: OrgId,
    },
    ProcedureDeadlinePassed {
        deadline: NaiveDate,
    },
    /// An objection has already moved the case to the next meeting.
    ProcedureClosedByObjection {
        objecting_org: OrgId,
    },

    // --- escalation ---
    EconomicForumApprovalMissing,
    /// Only a proposed case can be marked ready for PSTG.
    EscalationNotProposed,
    /// Only a case marked ready for PSTG can be recorded as sent to PSTG.
    EscalationNotReady,
    /// The case is already closed.
    EscalationClosed,

    // --- what a write names must exist ---
    MeetingNotFound,
    AgendaItemNotFound,
    MinutesNotFound,
    ProcedureNotFound,
    EscalationNotFound,
    /// The client-minted id is already used for another record.
    IdConflict,
    UnknownOrganisation {
        org: OrgId,
    },
    SystemNotInPortfolio {
        system: SystemId,
    },
    /// The file to publish has not been stored on the hub.
    FileNotStored,
    /// Only PDF files are published as material.
    MaterialNotPdf,

    // --- the secretariat's forms ---
    TitleMissing,
    CaseMissing,
    ForumReferenceMissing,
    /// Availability is a percentage, 0–100.
    AvailabilityOutOfRange {
        percent: String,
    },
    /// A date range whose end is before its start.
    DateRangeInverted {
        start: NaiveDate,
        end: NaiveDate,
    },
    DeadlineInPast {
        deadline: NaiveDate,
    },
    /// The organisation already has an active representative (member or chair).
    RepresentativeAlreadyAppointed {
        org: OrgId,
        name: String,
    },
    EscalationAlreadyOnItem,

    // --- meetings ---
    MeetingCancelled {
        meeting_date: NaiveDate,
    },
    /// A meeting cannot be marked held before its day.
    MeetingNotYetHeld {
        meeting_date: NaiveDate,
    },
    /// A held meeting's agenda is the record of what was dealt with: it no longer changes.
    AgendaClosed {
        meeting_date: NaiveDate,
    },
    /// Minutes are written for held meetings only.
    MeetingNotHeld {
        meeting_date: NaiveDate,
    },
    /// Two people recorded as holding one organisation's seat.
    AttendanceSeatTwice {
        org: OrgId,
    },
    AttendanceObserverTwice {
        org: OrgId,
    },

    // --- the minutes' life ---
    /// The draft has been sent for comments, so it is no longer rewritten as a draft.
    MinutesNotDraft,
    /// The draft has not been sent for comments.
    MinutesNotSent,
    /// The comment round is not open, so it cannot be closed.
    CommentRoundNotOpenToClose,
    /// The comment round must close today or later.
    RoundClosesInPast {
        closes: NaiveDate,
    },
    /// Minutes are approved after their comment round.
    CommentRoundStillOpen {
        closes: NaiveDate,
    },
    MinutesAlreadyApproved,
    /// Minutes are approved at a later meeting than the one they record.
    ApprovalMeetingNotLater {
        meeting_date: NaiveDate,
    },
    /// The approving meeting has not taken place yet.
    ApprovalMeetingInFuture {
        meeting_date: NaiveDate,
    },
    DecisionTextMissing,
    /// A cancellation must say why (members are told).
    CancellationReasonMissing,
    /// A meeting that has been held cannot be cancelled.
    MeetingAlreadyHeld {
        meeting_date: NaiveDate,
    },
    DocumentNotFound,
    CommentNotFound,
    /// Not working a comment in must say why (the organisation is told).
    DispositionReasonMissing,

    // --- preparing, people, portfolio (the secretariat's desk) ---
    ChairOrSecretariatOnly,
    ChairOnly,
    AgendaAlreadyPublished,
    AgendaEmpty,
    AgendaOrderMismatch,
    ChangeNoteMissing,
    ProcedureEnded,
    ProcedureNotAllAnswered {
        missing: usize,
    },
    WithdrawalReasonMissing,
    SystemNeedsDecision,
    DecisionMeetingNotHeld {
        meeting_date: NaiveDate,
    },
    SystemAlreadyInPortfolio {
        system: SystemId,
    },
    PortfolioAlreadyRecorded,
    MeetingLinkInvalid,
    NothingOutstanding,
    ReminderSubjectNotOpen,

    PersonNotFound,
    NotARepresentativeRole,

    PersonRevoked,
    TokenNotFound,

    MeetingNotInProgress {
        meeting_date: NaiveDate,
    },

    // --- publishing ---
    /// Only the secretariat writes meetings, agendas, documents, minutes, operations status and
    /// the roadmap.
    SecretariatOnly,
}

impl Refusal {
    /// Stable snake_case code for programs (UI branching, logs, the wire).
    pub const fn code(&self) -> &'static str {
        match self {
            Refusal::ObserverLimitReached { .. } => "observer_limit_reached",
            Refusal::SubstituteAlreadyRegistered { .. } => "substitute_already_registered",
            Refusal::AlreadyRegistered { .. } => "already_registered",
            Refusal::NotSeatHolder { .. } => "not_seat_holder",
            Refusal::ObserverCannotRegister => "observer_cannot_register",
            Refusal::MeetingClosedForRegistration { .. } => "meeting_closed_for_registration",
            Refusal::RegistrationNotFound => "registration_not_found",
            Refusal::RegistrantNameMissing => "registrant_name_missing",
            Refusal::RegistrantEmailInvalid { .. } => "registrant_email_invalid",
            Refusal::ObserverCannotComment => "observer_cannot_comment",
            Refusal::CommentRoundNotOpen { .. } => "comment_round_not_open",
            Refusal::CommentRoundClosed { .. } => "comment_round_closed",
            Refusal::AgendaItemNotInMinutes => "agenda_item_not_in_minutes",
            Refusal::CommentEmpty => "comment_empty",
            Refusal::CommentTooLong { .. } => "comment_too_long",
            Refusal::ObserverCannotRespond => "observer_cannot_respond",
            Refusal::NotOrgRepresentative { .. } => "not_org_representative",
            Refusal::ProcedureDeadlinePassed { .. } => "procedure_deadline_passed",
            Refusal::ProcedureClosedByObjection { .. } => "procedure_closed_by_objection",
            Refusal::EconomicForumApprovalMissing => "economic_forum_approval_missing",
            Refusal::EscalationNotProposed => "escalation_not_proposed",
            Refusal::EscalationNotReady => "escalation_not_ready",
            Refusal::EscalationClosed => "escalation_closed",
            Refusal::MeetingNotFound => "meeting_not_found",
            Refusal::AgendaItemNotFound => "agenda_item_not_found",
            Refusal::MinutesNotFound => "minutes_not_found",
            Refusal::ProcedureNotFound => "procedure_not_found",
            Refusal::EscalationNotFound => "escalation_not_found",
            Refusal::IdConflict => "id_conflict",
            Refusal::UnknownOrganisation { .. } => "unknown_organisation",
            Refusal::SystemNotInPortfolio { .. } => "system_not_in_portfolio",
            Refusal::FileNotStored => "file_not_stored",
            Refusal::MaterialNotPdf => "material_not_pdf",
            Refusal::TitleMissing => "title_missing",
            Refusal::CaseMissing => "case_missing",
            Refusal::ForumReferenceMissing => "forum_reference_missing",
            Refusal::AvailabilityOutOfRange { .. } => "availability_out_of_range",
            Refusal::DateRangeInverted { .. } => "date_range_inverted",
            Refusal::DeadlineInPast { .. } => "deadline_in_past",
            Refusal::RepresentativeAlreadyAppointed { .. } => "representative_already_appointed",
            Refusal::EscalationAlreadyOnItem => "escalation_already_on_item",
            Refusal::MeetingCancelled { .. } => "meeting_cancelled",
            Refusal::MeetingNotYetHeld { .. } => "meeting_not_yet_held",
            Refusal::AgendaClosed { .. } => "agenda_closed",
            Refusal::MeetingNotHeld { .. } => "meeting_not_held",
            Refusal::AttendanceSeatTwice { .. } => "attendance_seat_twice",
            Refusal::AttendanceObserverTwice { .. } => "attendance_observer_twice",
            Refusal::MinutesNotDraft => "minutes_not_draft",
            Refusal::MinutesNotSent => "minutes_not_sent",
            Refusal::CommentRoundNotOpenToClose => "comment_round_not_open_to_close",
            Refusal::RoundClosesInPast { .. } => "round_closes_in_past",
            Refusal::CommentRoundStillOpen { .. } => "comment_round_still_open",
            Refusal::MinutesAlreadyApproved => "minutes_already_approved",
            Refusal::ApprovalMeetingNotLater { .. } => "approval_meeting_not_later",
            Refusal::ApprovalMeetingInFuture { .. } => "approval_meeting_in_future",
            Refusal::DecisionTextMissing => "decision_text_missing",
            Refusal::CancellationReasonMissing => "cancellation_reason_missing",
            Refusal::MeetingAlreadyHeld { .. } => "meeting_already_held",
            Refusal::DocumentNotFound => "document_not_found",
            Refusal::CommentNotFound => "comment_not_found",
            Refusal::DispositionReasonMissing => "disposition_reason_missing",
            Refusal::ChairOrSecretariatOnly => "chair_or_secretariat_only",
            Refusal::ChairOnly => "chair_only",
            Refusal::AgendaAlreadyPublished => "agenda_already_published",
            Refusal::AgendaEmpty => "agenda_empty",
            Refusal::AgendaOrderMismatch => "agenda_order_mismatch",
            Refusal::ChangeNoteMissing => "change_note_missing",
            Refusal::ProcedureEnded => "procedure_ended",
            Refusal::ProcedureNotAllAnswered { .. } => "procedure_not_all_answered",
            Refusal::WithdrawalReasonMissing => "withdrawal_reason_missing",
            Refusal::SystemNeedsDecision => "system_needs_decision",
            Refusal::DecisionMeetingNotHeld { .. } => "decision_meeting_not_held",
            Refusal::SystemAlreadyInPortfolio { .. } => "system_already_in_portfolio",
            Refusal::PortfolioAlreadyRecorded => "portfolio_already_recorded",
            Refusal::MeetingLinkInvalid => "meeting_link_invalid",
            Refusal::NothingOutstanding => "nothing_outstanding",
            Refusal::ReminderSubjectNotOpen => "reminder_subject_not_open",
            Refusal::PersonNotFound => "person_not_found",
            Refusal::NotARepresentativeRole => "not_a_representative_role",
            Refusal::PersonRevoked => "person_revoked",
            Refusal::TokenNotFound => "token_not_found",
            Refusal::MeetingNotInProgress { .. } => "meeting_not_in_progress",
            Refusal::SecretariatOnly => "secretariat_only",
        }
    }

    pub fn message_da(&self) -> String {
        match self {
            Refusal::ObserverLimitReached { org, meeting_date } => format!(
                "{org} har allerede tilmeldt en bisidder til mødet den {}. Hver organisation kan \
                 medbringe én bisidder. Afmeld den eksisterende bisidder først, hvis en anden skal \
                 deltage.",
                long_date_da(*meeting_date)
            ),
            Refusal::SubstituteAlreadyRegistered {
                org,
                meeting_date,
                name,
            } => format!(
                "{name} er allerede tilmeldt som stedfortræder for {org} til mødet den {}. Hver \
                 organisation har én plads. Afmeld den eksisterende stedfortræder først, hvis en \
                 anden skal deltage.",
                long_date_da(*meeting_date)
            ),
            Refusal::AlreadyRegistered { name, meeting_date } => format!(
                "{name} er allerede tilmeldt mødet den {}. Der er ikke brug for en ny tilmelding.",
                long_date_da(*meeting_date)
            ),
            Refusal::NotSeatHolder { org, meeting_date } => format!(
                "Kun den, der har {org}'s plads ved mødet den {} (medlemmet eller den tilmeldte \
                 stedfortræder), eller sekretariatet kan gøre dette. Kontakt sekretariatet, hvis \
                 du mener, det er en fejl.",
                long_date_da(*meeting_date)
            ),
            Refusal::ObserverCannotRegister => "Bisiddere kan ikke tilmelde eller afmelde \
                 deltagere. Bed din organisations medlem eller sekretariatet om det."
                .to_owned(),
            Refusal::MeetingClosedForRegistration { meeting_date } => format!(
                "Mødet den {} er afholdt, aflyst eller overstået, så tilmeldinger kan ikke \
                 ændres. Kontakt sekretariatet, hvis der er brug for en rettelse.",
                long_date_da(*meeting_date)
            ),
            Refusal::RegistrationNotFound => "Tilmeldingen findes ikke (længere) for dette \
                 møde. Opdatér visningen og prøv igen."
                .to_owned(),
            Refusal::RegistrantNameMissing => "Skriv navnet på den, der skal tilmeldes.".to_owned(),
            Refusal::RegistrantEmailInvalid { email } => format!(
                "»{email}« er ikke en gyldig e-mailadresse. Skriv deltagerens e-mailadresse, fx \
                 navn@organisation.dk."
            ),
            Refusal::ObserverCannotComment => "Bisiddere kan ikke kommentere referatet. Giv \
                 dine bemærkninger til din organisations medlem, som kan kommentere."
                .to_owned(),
            Refusal::CommentRoundNotOpen { opens } => format!(
                "Kommenteringen af referatet er ikke åbnet endnu. Den åbner den {}.",
                long_date_da(*opens)
            ),
            Refusal::CommentRoundClosed { closes } => format!(
                "Kommenteringen af referatet lukkede den {}. Send eventuelle bemærkninger til \
                 sekretariatet, eller tag dem op, når referatet godkendes på næste møde.",
                long_date_da(*closes)
            ),
            Refusal::AgendaItemNotInMinutes => "Dagsordenspunktet findes ikke i dette referat. \
                 Vælg et af referatets punkter."
                .to_owned(),
            Refusal::CommentEmpty => {
                "Teksten er tom. Skriv din bemærkning, før du sender.".to_owned()
            }
            Refusal::CommentTooLong { max_chars, chars } => format!(
                "Teksten er på {chars} tegn; der er plads til {max_chars}. Forkort den, eller send \
                 et længere bidrag som dokument til sekretariatet."
            ),
            Refusal::ObserverCannotRespond => "Bisiddere kan ikke svare i skriftlige \
                 procedurer. Bed din organisations medlem eller stedfortræder om at svare."
                .to_owned(),
            Refusal::NotOrgRepresentative { org } => format!(
                "Du kan kun svare på vegne af din egen organisation, ikke {org}. Sekretariatet \
                 kan registrere et svar på en anden organisations vegne."
            ),
            Refusal::ProcedureDeadlinePassed { deadline } => format!(
                "Fristen for den skriftlige procedure var den {}, så der kan ikke længere svares. \
                 Kontakt sekretariatet, hvis sagen skal drøftes igen.",
                long_date_da(*deadline)
            ),
            Refusal::ProcedureClosedByObjection { objecting_org } => format!(
                "{objecting_org} har gjort indsigelse, så sagen er flyttet til dagsordenen for \
                 næste møde. Giv dine bemærkninger dér eller til sekretariatet."
            ),
            Refusal::EconomicForumApprovalMissing => "Sagen kræver midler, så løsningens \
                 økonomiske forum skal have godkendt den, før den kan forelægges PSTG. Registrér \
                 godkendelsen (dato og reference) først."
                .to_owned(),
            Refusal::EscalationNotProposed => "Kun en foreslået sag kan markeres klar til \
                 PSTG. Sagen er allerede markeret eller afsluttet."
                .to_owned(),
            Refusal::EscalationNotReady => "Kun en sag, der er markeret klar til PSTG, kan \
                 registreres som sendt til PSTG. Markér den klar først."
                .to_owned(),
            Refusal::EscalationClosed => "Sagen er allerede afsluttet.".to_owned(),
            Refusal::MeetingNotFound => "Mødet findes ikke (længere). Synkronisér, og prøv \
                 igen."
                .to_owned(),
            Refusal::AgendaItemNotFound => "Dagsordenspunktet findes ikke (længere). \
                 Synkronisér, og prøv igen."
                .to_owned(),
            Refusal::MinutesNotFound => "Referatet findes ikke eller er ikke sendt i høring \
                 endnu."
                .to_owned(),
            Refusal::ProcedureNotFound => "Den skriftlige procedure findes ikke (længere). \
                 Synkronisér, og prøv igen."
                .to_owned(),
            Refusal::EscalationNotFound => "Eskaleringen findes ikke (længere). Synkronisér, og \
                 prøv igen."
                .to_owned(),
            Refusal::IdConflict => "Id'et er allerede brugt til noget andet. Opret posten \
                 igen."
                .to_owned(),
            Refusal::UnknownOrganisation { org } => {
                format!("{org} er ikke en af udvalgets organisationer. Tjek organisationens kode.")
            }
            Refusal::SystemNotInPortfolio { system } => format!(
                "{system} er ikke med i porteføljen. Tjek systemets kode, eller optag systemet i \
                 porteføljen først."
            ),
            Refusal::FileNotStored => "Filen er ikke lagt op på serveren endnu. Læg filen op \
                 først, og udgiv den derefter."
                .to_owned(),
            Refusal::MaterialNotPdf => "Materiale udgives som PDF. Gem dokumentet som PDF, og \
                 læg det op igen."
                .to_owned(),
            Refusal::TitleMissing => "Skriv en titel.".to_owned(),
            Refusal::CaseMissing => "Skriv i én sætning, hvad der eskaleres.".to_owned(),
            Refusal::ForumReferenceMissing => "Skriv, hvor godkendelsen står, fx det \
                 økonomiske forums referat og punkt."
                .to_owned(),
            Refusal::AvailabilityOutOfRange { percent } => {
                format!("Oppetiden {percent} % er ikke en procentsats mellem 0 og 100. Ret tallet.")
            }
            Refusal::DateRangeInverted { start, end } => format!(
                "Perioden slutter den {} før den begynder den {}. Ret datoerne.",
                long_date_da(*end),
                long_date_da(*start)
            ),
            Refusal::DeadlineInPast { deadline } => format!(
                "Fristen den {} er allerede overskredet. Vælg en frist i dag eller senere.",
                long_date_da(*deadline)
            ),
            Refusal::RepresentativeAlreadyAppointed { org, name } => format!(
                "{name} er allerede {org}'s repræsentant. Hver organisation har én \
                 repræsentant; tilbagekald {name}s adgang først, hvis en anden skal overtage."
            ),
            Refusal::EscalationAlreadyOnItem => "Dagsordenspunktet er allerede eskaleret. Ret \
                 den eksisterende eskalering i stedet."
                .to_owned(),
            Refusal::MeetingCancelled { meeting_date } => format!(
                "Mødet den {} er aflyst. Vælg et andet møde.",
                long_date_da(*meeting_date)
            ),
            Refusal::MeetingNotYetHeld { meeting_date } => format!(
                "Mødet den {} har ikke fundet sted endnu, så det kan ikke markeres som afholdt.",
                long_date_da(*meeting_date)
            ),
            Refusal::AgendaClosed { meeting_date } => format!(
                "Mødet den {} er afholdt, så dagsordenen kan ikke længere ændres. Skriv ændringer i referatet.",
                long_date_da(*meeting_date)
            ),
            Refusal::MeetingNotHeld { meeting_date } => format!(
                "Mødet den {} er ikke markeret som afholdt. Markér det afholdt (med \
                 deltagerne) før referatet skrives.",
                long_date_da(*meeting_date)
            ),
            Refusal::AttendanceSeatTwice { org } => format!(
                "{org} kan kun have én repræsentant ved mødet (medlemmet eller \
                 stedfortræderen). Ret deltagerlisten."
            ),
            Refusal::AttendanceObserverTwice { org } => {
                format!("{org} kan kun have én bisidder ved mødet. Ret deltagerlisten.")
            }
            Refusal::MinutesNotDraft => "Referatet er sendt i høring og kan ikke længere rettes \
                 som udkast. Ændringer efter høringen registreres ved godkendelsen."
                .to_owned(),
            Refusal::MinutesNotSent => "Referatet er endnu et udkast og ikke sendt til \
                 kommentering. Send det i høring først."
                .to_owned(),
            Refusal::CommentRoundNotOpenToClose => "Kommenteringen af referatet er ikke åben, så \
                 den kan ikke lukkes."
                .to_owned(),
            Refusal::RoundClosesInPast { closes } => format!(
                "Kommenteringen kan ikke lukke den {}, som er før i dag. Vælg en dato i dag \
                 eller senere.",
                long_date_da(*closes)
            ),
            Refusal::CommentRoundStillOpen { closes } => format!(
                "Kommenteringen af referatet er åben til og med den {}. Luk den, før referatet \
                 godkendes.",
                long_date_da(*closes)
            ),
            Refusal::MinutesAlreadyApproved => "Referatet er allerede godkendt.".to_owned(),
            Refusal::ApprovalMeetingNotLater { meeting_date } => format!(
                "Referatet godkendes på et senere møde end det, det er referat af, ikke på \
                 mødet den {}.",
                long_date_da(*meeting_date)
            ),
            Refusal::ApprovalMeetingInFuture { meeting_date } => format!(
                "Mødet den {} har ikke fundet sted endnu. Referatet godkendes på selve mødet.",
                long_date_da(*meeting_date)
            ),
            Refusal::DecisionTextMissing => {
                "En beslutning er tom. Skriv beslutningens tekst.".to_owned()
            }
            Refusal::CancellationReasonMissing => "Skriv, hvorfor mødet aflyses; medlemmerne får \
                 besked om det."
                .to_owned(),
            Refusal::MeetingAlreadyHeld { meeting_date } => format!(
                "Mødet den {} er afholdt og kan ikke aflyses.",
                long_date_da(*meeting_date)
            ),
            Refusal::DocumentNotFound => "Dokumentet findes ikke (længere). Synkronisér, og prøv \
                 igen."
                .to_owned(),
            Refusal::CommentNotFound => "Kommentaren findes ikke (længere). Synkronisér, og prøv \
                 igen."
                .to_owned(),
            Refusal::DispositionReasonMissing => "Skriv, hvorfor kommentaren ikke er indarbejdet; \
                 organisationen får svaret."
                .to_owned(),
            Refusal::ChairOrSecretariatOnly => "Kun formanden og sekretariatet forbereder dagsordenen.".to_owned(),
            Refusal::ChairOnly => "Kun formanden godkender dagsordenen.".to_owned(),
            Refusal::AgendaAlreadyPublished => "Dagsordenen er allerede udsendt; der er ikke mere at godkende.".to_owned(),
            Refusal::AgendaEmpty => "Dagsordenen har ingen punkter endnu. Tilføj punkterne, før den godkendes.".to_owned(),
            Refusal::AgendaOrderMismatch => "Den nye rækkefølge skal nævne hvert af mødets dagsordenspunkter præcis én gang. Hent dagsordenen igen og prøv på ny.".to_owned(),
            Refusal::ChangeNoteMissing => "Skriv på én linje, hvad der er ændret i den nye version; medlemmerne ser det.".to_owned(),
            Refusal::ProcedureEnded => "Den skriftlige procedure er afsluttet af sekretariatet og tager ikke imod flere svar.".to_owned(),
            Refusal::ProcedureNotAllAnswered { missing } => format!("{missing} organisation(er) har ikke svaret endnu. Før fristen kan proceduren kun afsluttes, når alle har svaret; ellers afgøres den ved fristen."),
            Refusal::WithdrawalReasonMissing => "Skriv, hvorfor sagen trækkes tilbage; medlemmerne får begrundelsen.".to_owned(),
            Refusal::SystemNeedsDecision => "Et nyt system kommer kun i porteføljen ved en beslutning på et møde. Angiv mødet, der besluttede det.".to_owned(),
            Refusal::DecisionMeetingNotHeld { meeting_date } => format!("Mødet den {} er ikke afholdt, så det kan ikke have truffet beslutningen.", long_date_da(*meeting_date)),
            Refusal::SystemAlreadyInPortfolio { system } => format!("{system} er allerede i porteføljen. Ret systemet i stedet for at optage det igen."),
            Refusal::PortfolioAlreadyRecorded => "Porteføljen er allerede registreret. Nye systemer optages ved en mødebeslutning.".to_owned(),
            Refusal::MeetingLinkInvalid => "Mødelinket skal være en fuld https-adresse, fx https://teams.microsoft.com/….".to_owned(),
            Refusal::NothingOutstanding => "Alle organisationer har svaret; der er ingen at minde.".to_owned(),
            Refusal::ReminderSubjectNotOpen => "Der kan kun mindes om en åben skriftlig procedure eller en åben kommentarrunde.".to_owned(),
            Refusal::PersonNotFound => "Personen findes ikke. Hent listen over personer igen.".to_owned(),
            Refusal::NotARepresentativeRole => "En organisations repræsentant er medlem (eller formand). Vælg rollen medlem.".to_owned(),
            Refusal::PersonRevoked => "Personens adgang er tilbagekaldt. Inviter personen igen for at give ny adgang.".to_owned(),
            Refusal::TokenNotFound => "Der er ingen aktiv adgangsnøgle med det id.".to_owned(),
            Refusal::MeetingNotInProgress { meeting_date } => format!("Mødet den {} er ikke i gang: det kan kun følges live på dagen, når dagsordenen er udsendt, og indtil mødet er registreret som afholdt.", long_date_da(*meeting_date)),
            Refusal::SecretariatOnly => "Kun sekretariatet kan oprette og ændre møder, \
                 dagsordener, dokumenter, referater, driftsstatus og køreplan. Kontakt \
                 sekretariatet, hvis noget skal rettes."
                .to_owned(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Refusal::ObserverLimitReached { org, meeting_date } => format!(
                "{org} has already registered an observer for the meeting on {}. Each \
                 organisation may bring one observer. Cancel the existing observer first if \
                 someone else should attend.",
                long_date_en(*meeting_date)
            ),
            Refusal::SubstituteAlreadyRegistered {
                org,
                meeting_date,
                name,
            } => format!(
                "{name} is already registered as {org}'s substitute for the meeting on {}. Each \
                 organisation has one seat. Cancel the existing substitute first if someone else \
                 should attend.",
                long_date_en(*meeting_date)
            ),
            Refusal::AlreadyRegistered { name, meeting_date } => format!(
                "{name} is already registered for the meeting on {}. No new registration is \
                 needed.",
                long_date_en(*meeting_date)
            ),
            Refusal::NotSeatHolder { org, meeting_date } => format!(
                "Only whoever holds {org}'s seat at the meeting on {} (the member or the \
                 registered substitute), or the secretariat, can do this. Contact the \
                 secretariat if you think this is a mistake.",
                long_date_en(*meeting_date)
            ),
            Refusal::ObserverCannotRegister => "Observers cannot register or cancel \
                 participants. Ask your organisation's member or the secretariat."
                .to_owned(),
            Refusal::MeetingClosedForRegistration { meeting_date } => format!(
                "The meeting on {} has been held, cancelled or is past, so registrations can no \
                 longer change. Contact the secretariat if a correction is needed.",
                long_date_en(*meeting_date)
            ),
            Refusal::RegistrationNotFound => "The registration no longer exists for this \
                 meeting. Refresh the view and try again."
                .to_owned(),
            Refusal::RegistrantNameMissing => {
                "Enter the name of the person to register.".to_owned()
            }
            Refusal::RegistrantEmailInvalid { email } => format!(
                "\"{email}\" is not a valid e-mail address. Enter the participant's address, e.g. \
                 name@organisation.dk."
            ),
            Refusal::ObserverCannotComment => "Observers cannot comment on the minutes. Give \
                 your remarks to your organisation's member, who can."
                .to_owned(),
            Refusal::CommentRoundNotOpen { opens } => format!(
                "The comment round on the minutes is not open yet. It opens on {}.",
                long_date_en(*opens)
            ),
            Refusal::CommentRoundClosed { closes } => format!(
                "The comment round on the minutes closed on {}. Send any remarks to the \
                 secretariat, or raise them when the minutes are approved at the next meeting.",
                long_date_en(*closes)
            ),
            Refusal::AgendaItemNotInMinutes => "That agenda item is not part of these minutes. \
                 Choose one of the items in the minutes."
                .to_owned(),
            Refusal::CommentEmpty => {
                "The text is empty. Write your remark before sending.".to_owned()
            }
            Refusal::CommentTooLong { max_chars, chars } => format!(
                "The text is {chars} characters; at most {max_chars} fit. Shorten it, or send a \
                 longer contribution as a document to the secretariat."
            ),
            Refusal::ObserverCannotRespond => "Observers cannot respond to written procedures. \
                 Ask your organisation's member or substitute to respond."
                .to_owned(),
            Refusal::NotOrgRepresentative { org } => format!(
                "You can only respond on behalf of your own organisation, not {org}. The \
                 secretariat can record a response on another organisation's behalf."
            ),
            Refusal::ProcedureDeadlinePassed { deadline } => format!(
                "The deadline of the written procedure was {}, so responses are closed. Contact \
                 the secretariat if the case should be discussed again.",
                long_date_en(*deadline)
            ),
            Refusal::ProcedureClosedByObjection { objecting_org } => format!(
                "{objecting_org} has objected, so the case has moved to the next meeting's \
                 agenda. Give your remarks there or to the secretariat."
            ),
            Refusal::EconomicForumApprovalMissing => "The case needs funds, so the solution's \
                 economic forum must approve it before it can go to PSTG. Record the approval \
                 (date and reference) first."
                .to_owned(),
            Refusal::EscalationNotProposed => "Only a proposed case can be marked ready for \
                 PSTG. This case is already marked or closed."
                .to_owned(),
            Refusal::EscalationNotReady => "Only a case marked ready for PSTG can be recorded \
                 as sent to PSTG. Mark it ready first."
                .to_owned(),
            Refusal::EscalationClosed => "The case is already closed.".to_owned(),
            Refusal::MeetingNotFound => "The meeting does not exist (any more). Sync and try \
                 again."
                .to_owned(),
            Refusal::AgendaItemNotFound => "The agenda item does not exist (any more). Sync and \
                 try again."
                .to_owned(),
            Refusal::MinutesNotFound => "The minutes do not exist or have not been sent out for \
                 comments yet."
                .to_owned(),
            Refusal::ProcedureNotFound => "The written procedure does not exist (any more). Sync \
                 and try again."
                .to_owned(),
            Refusal::EscalationNotFound => "The escalation does not exist (any more). Sync and \
                 try again."
                .to_owned(),
            Refusal::IdConflict => "The id is already used for something else. Create the entry \
                 again."
                .to_owned(),
            Refusal::UnknownOrganisation { org } => format!(
                "{org} is not one of the committee's organisations. Check the organisation's code."
            ),
            Refusal::SystemNotInPortfolio { system } => format!(
                "{system} is not in the portfolio. Check the system's code, or add the system to \
                 the portfolio first."
            ),
            Refusal::FileNotStored => "The file has not been uploaded to the server yet. Upload \
                 it first, then publish it."
                .to_owned(),
            Refusal::MaterialNotPdf => "Material is published as PDF. Save the document as PDF \
                 and upload it again."
                .to_owned(),
            Refusal::TitleMissing => "Enter a title.".to_owned(),
            Refusal::CaseMissing => "Say in one sentence what is escalated.".to_owned(),
            Refusal::ForumReferenceMissing => "Say where the approval is recorded, e.g. the \
                 economic forum's minutes and item."
                .to_owned(),
            Refusal::AvailabilityOutOfRange { percent } => format!(
                "Availability {percent} % is not a percentage between 0 and 100. Correct the \
                 figure."
            ),
            Refusal::DateRangeInverted { start, end } => format!(
                "The period ends on {}, before it starts on {}. Correct the dates.",
                long_date_en(*end),
                long_date_en(*start)
            ),
            Refusal::DeadlineInPast { deadline } => format!(
                "The deadline {} has already passed. Choose today or a later day.",
                long_date_en(*deadline)
            ),
            Refusal::RepresentativeAlreadyAppointed { org, name } => format!(
                "{name} is already {org}'s representative. Each organisation has one \
                 representative; revoke {name}'s access first if someone else takes over."
            ),
            Refusal::EscalationAlreadyOnItem => "The agenda item is already escalated. Change the \
                 existing escalation instead."
                .to_owned(),
            Refusal::MeetingCancelled { meeting_date } => format!(
                "The meeting on {} is cancelled. Choose another meeting.",
                long_date_en(*meeting_date)
            ),
            Refusal::MeetingNotYetHeld { meeting_date } => format!(
                "The meeting on {} has not taken place yet, so it cannot be marked as held.",
                long_date_en(*meeting_date)
            ),
            Refusal::AgendaClosed { meeting_date } => format!(
                "The meeting on {} has been held, so its agenda can no longer change. Write changes in the minutes.",
                long_date_en(*meeting_date)
            ),
            Refusal::MeetingNotHeld { meeting_date } => format!(
                "The meeting on {} is not marked as held. Mark it held (with who attended) \
                 before writing its minutes.",
                long_date_en(*meeting_date)
            ),
            Refusal::AttendanceSeatTwice { org } => format!(
                "{org} can have one representative at the meeting (the member or the \
                 substitute). Correct the attendance."
            ),
            Refusal::AttendanceObserverTwice { org } => {
                format!("{org} can have one observer at the meeting. Correct the attendance.")
            }
            Refusal::MinutesNotDraft => "The minutes have been sent for comments and can no \
                 longer be rewritten as a draft. Changes after the comments are recorded when \
                 they are approved."
                .to_owned(),
            Refusal::MinutesNotSent => "The minutes are still a draft, not sent for comments. \
                 Send them out first."
                .to_owned(),
            Refusal::CommentRoundNotOpenToClose => "The comment round on the minutes is not \
                 open, so it cannot be closed."
                .to_owned(),
            Refusal::RoundClosesInPast { closes } => format!(
                "The comment round cannot close on {}, which is before today. Choose today or a \
                 later day.",
                long_date_en(*closes)
            ),
            Refusal::CommentRoundStillOpen { closes } => format!(
                "The comment round on the minutes is open until {}. Close it before the minutes \
                 are approved.",
                long_date_en(*closes)
            ),
            Refusal::MinutesAlreadyApproved => "The minutes are already approved.".to_owned(),
            Refusal::ApprovalMeetingNotLater { meeting_date } => format!(
                "Minutes are approved at a later meeting than the one they record, not at the \
                 meeting on {}.",
                long_date_en(*meeting_date)
            ),
            Refusal::ApprovalMeetingInFuture { meeting_date } => format!(
                "The meeting on {} has not taken place yet. The minutes are approved at the \
                 meeting itself.",
                long_date_en(*meeting_date)
            ),
            Refusal::DecisionTextMissing => {
                "A decision is empty. Write the decision's text.".to_owned()
            }
            Refusal::CancellationReasonMissing => "Say why the meeting is cancelled; the members \
                 are told."
                .to_owned(),
            Refusal::MeetingAlreadyHeld { meeting_date } => format!(
                "The meeting on {} has been held and cannot be cancelled.",
                long_date_en(*meeting_date)
            ),
            Refusal::DocumentNotFound => "The document does not exist (any more). Sync and try \
                 again."
                .to_owned(),
            Refusal::CommentNotFound => "The comment does not exist (any more). Sync and try \
                 again."
                .to_owned(),
            Refusal::DispositionReasonMissing => "Say why the comment was not worked in; the \
                 organisation is told."
                .to_owned(),
            Refusal::ChairOrSecretariatOnly => "Only the chair and the secretariat prepare the agenda.".to_owned(),
            Refusal::ChairOnly => "Only the chair approves the agenda.".to_owned(),
            Refusal::AgendaAlreadyPublished => "The agenda has already been sent out; there is nothing left to approve.".to_owned(),
            Refusal::AgendaEmpty => "The agenda has no items yet. Add the items before approving it.".to_owned(),
            Refusal::AgendaOrderMismatch => "The new order must name each of the meeting's agenda items exactly once. Fetch the agenda again and retry.".to_owned(),
            Refusal::ChangeNoteMissing => "Say in one line what changed in the new version; members see it.".to_owned(),
            Refusal::ProcedureEnded => "The written procedure has been ended by the secretariat and takes no more answers.".to_owned(),
            Refusal::ProcedureNotAllAnswered { missing } => format!("{missing} organisation(s) have not answered yet. Before the deadline the procedure can only be closed once all have answered; otherwise it is settled at the deadline."),
            Refusal::WithdrawalReasonMissing => "Say why the case is withdrawn; members are told the reason.".to_owned(),
            Refusal::SystemNeedsDecision => "A new system enters the portfolio only by a meeting's decision. Name the meeting that decided it.".to_owned(),
            Refusal::DecisionMeetingNotHeld { meeting_date } => format!("The meeting on {} has not been held, so it cannot have made the decision.", long_date_en(*meeting_date)),
            Refusal::SystemAlreadyInPortfolio { system } => format!("{system} is already in the portfolio. Edit the system instead of admitting it again."),
            Refusal::PortfolioAlreadyRecorded => "The portfolio is already recorded. New systems are admitted by a meeting's decision.".to_owned(),
            Refusal::MeetingLinkInvalid => "The meeting link must be a full https address, e.g. https://teams.microsoft.com/….".to_owned(),
            Refusal::NothingOutstanding => "Every organisation has answered; there is no one to remind.".to_owned(),
            Refusal::ReminderSubjectNotOpen => "Reminders are only for an open written procedure or an open comment round.".to_owned(),
            Refusal::PersonNotFound => "The person does not exist. Fetch the list of people again.".to_owned(),
            Refusal::NotARepresentativeRole => "An organisation's representative is a member (or the chair). Choose the member role.".to_owned(),
            Refusal::PersonRevoked => "The person's access has been revoked. Invite them again to give new access.".to_owned(),
            Refusal::TokenNotFound => "There is no active access token with that id.".to_owned(),
            Refusal::MeetingNotInProgress { meeting_date } => format!("The meeting on {} is not in progress: it can only be followed live on its day, once the agenda is out and until it is recorded as held.", long_date_en(*meeting_date)),
            Refusal::SecretariatOnly => "Only the secretariat can create and change meetings, \
                 agendas, documents, minutes, operations status and the roadmap. Contact the \
                 secretariat if something needs changing."
                .to_owned(),
        }
    }
}

impl crate::text::Message for Refusal {
    fn code(&self) -> &'static str {
        Refusal::code(self)
    }
    fn message_da(&self) -> String {
        Refusal::message_da(self)
    }
    fn message_en(&self) -> String {
        Refusal::message_en(self)
    }
}

impl Serialize for Refusal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::text::serialize_message(self, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn kl() -> OrgId {
        OrgId::parse("KL").expect("code")
    }

    /// One of every variant; `every_variant_is_sampled` keeps this list honest.
    fn samples() -> Vec<Refusal> {
        let date = d("2026-03-12");
        vec![
            Refusal::ObserverLimitReached {
                org: kl(),
                meeting_date: date,
            },
            Refusal::SubstituteAlreadyRegistered {
                org: kl(),
                meeting_date: date,
                name: "Jens Hansen".into(),
            },
            Refusal::AlreadyRegistered {
                name: "Jens Hansen".into(),
                meeting_date: date,
            },
            Refusal::NotSeatHolder {
                org: kl(),
                meeting_date: date,
            },
            Refusal::ObserverCannotRegister,
            Refusal::MeetingClosedForRegistration { meeting_date: date },
            Refusal::RegistrationNotFound,
            Refusal::RegistrantNameMissing,
            Refusal::RegistrantEmailInvalid {
                email: "jens".into(),
            },
            Refusal::ObserverCannotComment,
            Refusal::CommentRoundNotOpen { opens: date },
            Refusal::CommentRoundClosed { closes: date },
            Refusal::AgendaItemNotInMinutes,
            Refusal::CommentEmpty,
            Refusal::CommentTooLong {
                max_chars: 4000,
                chars: 4001,
            },
            Refusal::ObserverCannotRespond,
            Refusal::NotOrgRepresentative { org: kl() },
            Refusal::ProcedureDeadlinePassed { deadline: date },
            Refusal::ProcedureClosedByObjection {
                objecting_org: kl(),
            },
            Refusal::EconomicForumApprovalMissing,
            Refusal::EscalationNotProposed,
            Refusal::EscalationNotReady,
            Refusal::EscalationClosed,
            Refusal::MeetingNotFound,
            Refusal::AgendaItemNotFound,
            Refusal::MinutesNotFound,
            Refusal::ProcedureNotFound,
            Refusal::EscalationNotFound,
            Refusal::IdConflict,
            Refusal::UnknownOrganisation { org: kl() },
            Refusal::SystemNotInPortfolio {
                system: SystemId::parse("MITID").expect("code"),
            },
            Refusal::FileNotStored,
            Refusal::MaterialNotPdf,
            Refusal::TitleMissing,
            Refusal::CaseMissing,
            Refusal::ForumReferenceMissing,
            Refusal::AvailabilityOutOfRange {
                percent: "150".into(),
            },
            Refusal::DateRangeInverted {
                start: date,
                end: date,
            },
            Refusal::DeadlineInPast { deadline: date },
            Refusal::RepresentativeAlreadyAppointed {
                org: kl(),
                name: "Jens Hansen".into(),
            },
            Refusal::EscalationAlreadyOnItem,
            Refusal::MeetingCancelled { meeting_date: date },
            Refusal::MeetingNotYetHeld { meeting_date: date },
            Refusal::AgendaClosed { meeting_date: date },
            Refusal::MeetingNotHeld { meeting_date: date },
            Refusal::AttendanceSeatTwice { org: kl() },
            Refusal::AttendanceObserverTwice { org: kl() },
            Refusal::MinutesNotDraft,
            Refusal::MinutesNotSent,
            Refusal::CommentRoundNotOpenToClose,
            Refusal::RoundClosesInPast { closes: date },
            Refusal::CommentRoundStillOpen { closes: date },
            Refusal::MinutesAlreadyApproved,
            Refusal::ApprovalMeetingNotLater { meeting_date: date },
            Refusal::ApprovalMeetingInFuture { meeting_date: date },
            Refusal::DecisionTextMissing,
            Refusal::CancellationReasonMissing,
            Refusal::MeetingAlreadyHeld { meeting_date: date },
            Refusal::DocumentNotFound,
            Refusal::CommentNotFound,
            Refusal::DispositionReasonMissing,
            Refusal::ChairOrSecretariatOnly,
            Refusal::ChairOnly,
            Refusal::AgendaAlreadyPublished,
            Refusal::AgendaEmpty,
            Refusal::AgendaOrderMismatch,
            Refusal::ChangeNoteMissing,
            Refusal::ProcedureEnded,
            Refusal::ProcedureNotAllAnswered { missing: 3 },
            Refusal::WithdrawalReasonMissing,
            Refusal::SystemNeedsDecision,
            Refusal::DecisionMeetingNotHeld { meeting_date: date },
            Refusal::SystemAlreadyInPortfolio {
                system: SystemId::parse("MITID").expect("code"),
            },
            Refusal::PortfolioAlreadyRecorded,
            Refusal::MeetingLinkInvalid,
            Refusal::NothingOutstanding,
            Refusal::ReminderSubjectNotOpen,
            Refusal::PersonNotFound,
            Refusal::NotARepresentativeRole,
            Refusal::PersonRevoked,
            Refusal::TokenNotFound,
            Refusal::MeetingNotInProgress { meeting_date: date },
            Refusal::SecretariatOnly,
        ]
    }

    #[test]
    fn every_variant_is_sampled() {
        // A new variant without a sample fails to compile here: add it to `samples()`.
        for r in samples() {
            match r {
                Refusal::ObserverLimitReached { .. }
                | Refusal::SubstituteAlreadyRegistered { .. }
                | Refusal::AlreadyRegistered { .. }
                | Refusal::NotSeatHolder { .. }
                | Refusal::ObserverCannotRegister
                | Refusal::MeetingClosedForRegistration { .. }
                | Refusal::RegistrationNotFound
                | Refusal::RegistrantNameMissing
                | Refusal::RegistrantEmailInvalid { .. }
                | Refusal::ObserverCannotComment
                | Refusal::CommentRoundNotOpen { .. }
                | Refusal::CommentRoundClosed { .. }
                | Refusal::AgendaItemNotInMinutes
                | Refusal::CommentEmpty
                | Refusal::CommentTooLong { .. }
                | Refusal::ObserverCannotRespond
                | Refusal::NotOrgRepresentative { .. }
                | Refusal::ProcedureDeadlinePassed { .. }
                | Refusal::ProcedureClosedByObjection { .. }
                | Refusal::EconomicForumApprovalMissing
                | Refusal::EscalationNotProposed
                | Refusal::EscalationNotReady
                | Refusal::EscalationClosed
                | Refusal::MeetingNotFound
                | Refusal::AgendaItemNotFound
                | Refusal::MinutesNotFound
                | Refusal::ProcedureNotFound
                | Refusal::EscalationNotFound
                | Refusal::IdConflict
                | Refusal::UnknownOrganisation { .. }
                | Refusal::SystemNotInPortfolio { .. }
                | Refusal::FileNotStored
                | Refusal::MaterialNotPdf
                | Refusal::TitleMissing
                | Refusal::CaseMissing
                | Refusal::ForumReferenceMissing
                | Refusal::AvailabilityOutOfRange { .. }
                | Refusal::DateRangeInverted { .. }
                | Refusal::DeadlineInPast { .. }
                | Refusal::RepresentativeAlreadyAppointed { .. }
                | Refusal::EscalationAlreadyOnItem
                | Refusal::MeetingCancelled { .. }
                | Refusal::MeetingNotYetHeld { .. }
                | Refusal::AgendaClosed { .. }
                | Refusal::MeetingNotHeld { .. }
                | Refusal::AttendanceSeatTwice { .. }
                | Refusal::AttendanceObserverTwice { .. }
                | Refusal::MinutesNotDraft
                | Refusal::MinutesNotSent
                | Refusal::CommentRoundNotOpenToClose
                | Refusal::RoundClosesInPast { .. }
                | Refusal::CommentRoundStillOpen { .. }
                | Refusal::MinutesAlreadyApproved
                | Refusal::ApprovalMeetingNotLater { .. }
                | Refusal::ApprovalMeetingInFuture { .. }
                | Refusal::DecisionTextMissing
                | Refusal::CancellationReasonMissing
                | Refusal::MeetingAlreadyHeld { .. }
                | Refusal::DocumentNotFound
                | Refusal::CommentNotFound
                | Refusal::DispositionReasonMissing
                | Refusal::ChairOrSecretariatOnly
                | Refusal::ChairOnly
                | Refusal::AgendaAlreadyPublished
                | Refusal::AgendaEmpty
                | Refusal::AgendaOrderMismatch
                | Refusal::ChangeNoteMissing
                | Refusal::ProcedureEnded
                | Refusal::ProcedureNotAllAnswered { .. }
                | Refusal::WithdrawalReasonMissing
                | Refusal::SystemNeedsDecision
                | Refusal::DecisionMeetingNotHeld { .. }
                | Refusal::SystemAlreadyInPortfolio { .. }
                | Refusal::PortfolioAlreadyRecorded
                | Refusal::MeetingLinkInvalid
                | Refusal::NothingOutstanding
                | Refusal::ReminderSubjectNotOpen
                | Refusal::PersonNotFound
                | Refusal::NotARepresentativeRole
                | Refusal::PersonRevoked
                | Refusal::TokenNotFound
                | Refusal::MeetingNotInProgress { .. }
                | Refusal::SecretariatOnly => {}
            }
        }
        assert_eq!(samples().len(), 83);
    }

    #[test]
    fn codes_are_unique_snake_case_and_messages_non_empty() {
        let all = samples();
        let codes: BTreeSet<_> = all.iter().map(Refusal::code).collect();
        assert_eq!(codes.len(), all.len(), "duplicate code");
        for r in &all {
            let code = r.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert!(!r.message_da().trim().is_empty(), "{code}");
            assert!(!r.message_en().trim().is_empty(), "{code}");
            assert_ne!(r.message_da(), r.message_en(), "{code}");
            assert!(!r.message_da().contains("  "), "{code}: double space");
            assert!(!r.message_en().contains("  "), "{code}: double space");
        }
    }

    #[test]
    fn exact_observer_limit_messages() {
        let r = Refusal::ObserverLimitReached {
            org: kl(),
            meeting_date: d("2026-03-12"),
        };
        assert_eq!(
            r.message_da(),
            "KL har allerede tilmeldt en bisidder til mødet den 12. marts 2026. Hver \
             organisation kan medbringe én bisidder. Afmeld den eksisterende bisidder først, \
             hvis en anden skal deltage."
        );
        assert_eq!(
            r.to_string(),
            "KL has already registered an observer for the meeting on 12 March 2026. Each \
             organisation may bring one observer. Cancel the existing observer first if \
             someone else should attend."
        );
    }

    #[test]
    fn exact_deadline_message() {
        let r = Refusal::ProcedureDeadlinePassed {
            deadline: d("2026-05-05"),
        };
        assert_eq!(
            r.message_da(),
            "Fristen for den skriftlige procedure var den 5. maj 2026, så der kan ikke længere \
             svares. Kontakt sekretariatet, hvis sagen skal drøftes igen."
        );
    }

    #[test]
    fn exact_secretariat_only_messages() {
        let r = Refusal::SecretariatOnly;
        assert_eq!(r.code(), "secretariat_only");
        assert_eq!(
            r.message_da(),
            "Kun sekretariatet kan oprette og ændre møder, dagsordener, dokumenter, referater, \
             driftsstatus og køreplan. Kontakt sekretariatet, hvis noget skal rettes."
        );
        assert_eq!(
            r.to_string(),
            "Only the secretariat can create and change meetings, agendas, documents, minutes, \
             operations status and the roadmap. Contact the secretariat if something needs \
             changing."
        );
    }

    #[test]
    fn serializes_as_code_and_messages() {
        let r = Refusal::CommentEmpty;
        let json = serde_json::to_value(&r).expect("serialize");
        assert_eq!(json["code"], "comment_empty");
        assert_eq!(json["message_da"], r.message_da());
        assert_eq!(json["message_en"], r.message_en());
        assert_eq!(json.as_object().map(|o| o.len()), Some(3));
    }
}
