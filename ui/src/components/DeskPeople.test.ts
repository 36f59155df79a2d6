import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import App from "../App.svelte";
import DeskPeoplePage from "./DeskPeoplePage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, ME, OVERVIEW, mockBackend } from "../test/fixtures";
import { localDateTime } from "../lib/format";
import type { Act, NewPerson, Organisation, PersonAccess, PersonInfo } from "../lib/types";

const SECRETARY: PersonInfo = { id: "00000000-0000-7000-8000-0000000000f1", name: "Sara Sekretær", email: "sara@digst.dk", org: "DIGST", role: "secretariat", active: true };
const SECRETARIAT: Act[] = ["upsert_agenda_item", "upsert_meeting", "invite_person", "issue_token", "revoke_access", "change_representative", "upsert_system"];
const ORGS: Organisation[] = [
  { code: "DIGST", name: "Digitaliseringsstyrelsen", short_name: "Digitaliseringsstyrelsen" },
  { code: "KL", name: "Kommunernes Landsforening", short_name: "KL" },
];
const PEOPLE: PersonAccess[] = [
  {
    person: SECRETARY,
    tokens: [{ id: "t-sara", created_at: "2026-01-05T09:00:00.000Z", last_used_at: "2026-03-01T08:15:00.000Z", revoked_at: null }],
    devices: [],
  },
  {
    person: ME,
    tokens: [
      { id: "t-old", created_at: "2026-01-05T09:00:00.000Z", last_used_at: "2026-02-01T10:00:00.000Z", revoked_at: "2026-02-02T10:00:00.000Z" },
      { id: "t-new", created_at: "2026-02-02T10:00:00.000Z", last_used_at: null, revoked_at: null },
    ],
    devices: [{ id: "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000", last_client_seq: 4, last_seen: "2026-02-28T12:30:00.000Z" }],
  },
  { person: { ...ME, id: "00000000-0000-7000-8000-0000000000f9", name: "Tidligere Tom", active: false }, tokens: [], devices: [] },
];
const INVITATION = { person: "p", token_id: "t-x", token: "sb_S3cr3tT0kenThatIsShownOnce" };

function asSecretary() {
  app.session = { ...DEMO, me: SECRETARY, hub_url: "https://styrebord.digst.dk" };
  app.acts = SECRETARIAT;
  app.committee = "Driftsstyregruppen";
}

describe("Personer on the desk", () => {
  it("lists who has access, with tokens, devices and last contact, and keeps the former apart", async () => {
    asSecretary();
    mockBackend({ desk_people: PEOPLE, organisations: ORGS });
    render(DeskPeoplePage);
    const rows = await screen.findAllByTestId("desk-person");
    expect(rows).toHaveLength(2);
    const mette = rows.find((r) => r.textContent?.includes("Mette Medlem")) as HTMLElement;
    expect(mette.textContent).toContain("KL");
    expect(mette.textContent).toContain("Medlem");
    // Last contact is the latest of the tokens' use and the devices' contact, in local time.
    const seen = localDateTime("2026-02-28T12:30:00.000Z");
    expect(mette.textContent).toContain(`28. februar 2026 kl. ${seen.time.slice(0, 5).replace(":", ".")}`);
    expect(within(mette).getAllByTestId("desk-token")).toHaveLength(2);
    expect(mette.textContent).toContain("tilbagekaldt");
    expect(mette.textContent).toContain("ikke brugt endnu");
    expect(mette.textContent).toContain("Enhed 0190aaaa");
    // The signed-in secretary cannot revoke herself from here.
    const sara = rows.find((r) => r.textContent?.includes("Sara Sekretær")) as HTMLElement;
    expect(sara.textContent).toContain("(dig)");
    expect(within(sara).queryByRole("button", { name: /Fjern adgang/ })).toBeNull();
    expect(screen.getByTestId("desk-people-inactive").textContent).toContain("Tidligere med adgang (1)");
  });

  it("invites: the token is shown once inside a ready text naming the hub and the committee", async () => {
    asSecretary();
    const sent: NewPerson[] = [];
    let listed = 0;
    mockBackend({
      desk_people: () => {
        listed++;
        return PEOPLE;
      },
      organisations: ORGS,
      desk_invite: ({ person }: Record<string, unknown>) => {
        sent.push(person as NewPerson);
        return INVITATION;
      },
    });
    render(DeskPeoplePage);
    const form = await screen.findByTestId("desk-invite");
    await fireEvent.change(within(form).getByLabelText("Organisation"), { target: { value: "KL" } });
    await fireEvent.change(within(form).getByLabelText("Rolle"), { target: { value: "observer" } });
    await fireEvent.input(within(form).getByLabelText("Navn"), { target: { value: "Ole Observatør" } });
    await fireEvent.input(within(form).getByLabelText("E-mail"), { target: { value: "ole@kl.dk" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ org: "KL", role: "observer", name: "Ole Observatør", email: "ole@kl.dk", replace_representative: false });
    expect(sent[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    const text = (await screen.findByTestId("desk-invitation-text")) as HTMLTextAreaElement;
    expect(text.value).toContain("Kære Ole Observatør");
    expect(text.value).toContain("https://styrebord.digst.dk");
    expect(text.value).toContain(INVITATION.token);
    expect(text.value).toContain("Driftsstyregruppens app");
    expect(screen.getByTestId("desk-invitation").textContent).toContain("vises kun nu");
    await waitFor(() => expect(listed).toBe(2));
    // Closed, the token is gone from the page.
    await fireEvent.click(screen.getByRole("button", { name: "Jeg har sendt den – luk" }));
    expect(document.body.textContent).not.toContain(INVITATION.token);
  });

  it("changes a representative: the form names the sitting member, and core's refusal is shown", async () => {
    asSecretary();
    const sent: NewPerson[] = [];
    mockBackend({
      desk_people: PEOPLE,
      organisations: ORGS,
      desk_invite: ({ person }: Record<string, unknown>) => {
        sent.push(person as NewPerson);
        throw { code: "representative_exists", message_da: "KL har allerede en repræsentant.", message_en: "KL already has a representative." };
      },
    });
    render(DeskPeoplePage);
    await fireEvent.click(await screen.findByRole("button", { name: "Skift repræsentant for KL" }));
    const form = screen.getByTestId("desk-invite");
    const replace = within(form).getByLabelText(/Overtager organisationens plads fra Mette Medlem/) as HTMLInputElement;
    expect(replace.checked).toBe(true);
    expect(document.activeElement).toBe(within(form).getByLabelText("Navn"));
    await fireEvent.input(within(form).getByLabelText("Navn"), { target: { value: "Karen Ny" } });
    await fireEvent.input(within(form).getByLabelText("E-mail"), { target: { value: "karen@kl.dk" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ org: "KL", role: "member", replace_representative: true });
    expect((await screen.findByTestId("desk-invite-error")).textContent).toBe("KL har allerede en repræsentant.");
  });

  it("asks before removing access, then says how many tokens stopped", async () => {
    asSecretary();
    const revoked: string[] = [];
    mockBackend({
      desk_people: PEOPLE,
      organisations: ORGS,
      desk_revoke_person: ({ person }: Record<string, unknown>) => {
        revoked.push(person as string);
        return { person, tokens_revoked: 2 };
      },
    });
    render(DeskPeoplePage);
    await fireEvent.click(await screen.findByRole("button", { name: "Fjern adgang for Mette Medlem" }));
    expect(revoked).toHaveLength(0);
    expect(screen.getByText(/holder op med at virke med det samme/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Ja, fjern adgangen" }));
    await waitFor(() => expect(revoked).toEqual([ME.id]));
    expect((await screen.findByTestId("desk-people-status")).textContent).toBe("Mette Medlem har ikke længere adgang (2 koder tilbagekaldt).");
  });

  it("revokes one token and issues a new one", async () => {
    asSecretary();
    const calls: string[] = [];
    mockBackend({
      desk_people: PEOPLE,
      organisations: ORGS,
      desk_revoke_token: ({ token }: Record<string, unknown>) => {
        calls.push(`revoke ${token as string}`);
        return { person: null, tokens_revoked: 1 };
      },
      desk_new_token: ({ person }: Record<string, unknown>) => {
        calls.push(`new ${person as string}`);
        return INVITATION;
      },
    });
    render(DeskPeoplePage);
    await fireEvent.click(await screen.findByRole("button", { name: "Tilbagekald koden fra 2. februar 2026 for Mette Medlem" }));
    await waitFor(() => expect(calls).toEqual(["revoke t-new"]));
    await fireEvent.click(screen.getByRole("button", { name: "Ny invitationskode til Mette Medlem" }));
    await waitFor(() => expect(calls).toEqual(["revoke t-new", `new ${ME.id}`]));
    expect(((await screen.findByTestId("desk-invitation-text")) as HTMLTextAreaElement).value).toContain("Kære Mette Medlem");
  });

  it("says plainly that the hub is needed when it cannot be reached", async () => {
    asSecretary();
    mockBackend({
      desk_people: () => {
        throw { code: "people_need_hub", message_da: "Adgang kan kun ændres med forbindelse til hubben.", message_en: "x" };
      },
      organisations: ORGS,
    });
    render(DeskPeoplePage);
    expect((await screen.findByTestId("desk-people-error")).dataset.code).toBe("people_need_hub");
    expect(screen.queryByTestId("desk-invite")).toBeNull();
  });

  it("is reached from the desk's own navigation, and a member gets no such page", async () => {
    asSecretary();
    window.location.hash = "#/sekretariat/personer";
    mockBackend({ session_state: { ...DEMO, me: SECRETARY }, my_acts: SECRETARIAT, overview: OVERVIEW, sync_status: OVERVIEW.sync, desk_people: PEOPLE, organisations: ORGS });
    render(App);
    const nav = await screen.findByTestId("desk-nav");
    expect(within(nav).getByRole("link", { name: "Personer" }).getAttribute("aria-current")).toBe("page");
    expect(within(nav).getByRole("link", { name: "Årsplan og møder" }).getAttribute("href")).toBe("#/sekretariat");
    expect(await screen.findByTestId("desk-people")).toBeTruthy();
    window.location.hash = "";
  });
});
