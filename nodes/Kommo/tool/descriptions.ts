/**
 * What an AI Agent's model reads about the Kommo Tool: one text per operation, saying what the
 * operation does, which fields it needs (by the names the node shows, which are also the keys n8n
 * gives their `$fromAI()` values) and what it returns. n8n's own automatic description would only
 * be the action name ("Accept an incoming lead in Kommo"), which tells a model neither.
 */

const UID =
	'Incoming Lead UID (a hexadecimal string, usually 60 characters, as returned by Get Many or the Kommo Trigger)';

export const OPERATION_TOOL_DESCRIPTIONS: Record<string, string> = {
	getAll:
		'Lists the incoming leads (unsorted leads) waiting in Kommo to be accepted or declined, newest first. ' +
		'Needs nothing; optional: Limit (how many, default 50) or Return All, and the filters UIDs, Categories ' +
		'(sip = calls, forms, chats, mail) and Pipeline. Returns one entry per waiting incoming lead: uid, ' +
		'category, source_name, pipeline_id, created_at and its contact and lead.',
	get:
		'Fetches one incoming lead of Kommo by its UID: its category, source, pipeline, creation time, ' +
		`metadata (form or call details) and the contact, lead and company attached. Needs: ${UID}.`,
	createSip:
		'Adds a new incoming lead from a phone call to Kommo\'s "Incoming leads". Needs: Source Name, Source UID ' +
		'(your unique ID of the source), Phone Number, Call From (who called), Duration (Seconds), Service Code ' +
		'(the code of the telephony integration in Kommo), Contact Name. Optional: the contact phone and ' +
		'email, lead name, price and tags. Returns the uid of the new ' +
		'incoming lead and the IDs of the lead and contact Kommo created.',
	createForm:
		'Adds a new incoming lead from a web form submission to Kommo\'s "Incoming leads". Needs: Source Name, ' +
		'Source UID (your unique ID of the source), Form ID, Form Name, Form Page (the URL of the page), Contact ' +
		'Name. Optional: the contact phone and email, lead name, price and tags. Returns the uid of the new ' +
		'incoming lead and the IDs of the lead and contact Kommo created.',
	accept:
		'Accepts a waiting incoming lead: Kommo turns it into a real lead (with its contact) in the pipeline. ' +
		`Needs: ${UID}. Optional: Stage (ID of the pipeline stage to put the lead in) and User (ID of the ` +
		'Kommo user accepting). Cannot be undone. Returns the uid and the IDs of the created lead and contact.',
	decline:
		'Declines a waiting incoming lead: Kommo discards it as unwanted (spam, wrong number). ' +
		`Needs: ${UID}. Optional: User (ID of the Kommo user declining). Cannot be undone.`,
	link:
		'Links a waiting chat incoming lead to an existing Kommo lead or customer instead of creating a new ' +
		`one (chats only). Needs: ${UID}, Link To (lead or customer) and Entity ID (the numeric ID of that ` +
		'lead or customer). Optional: Contact ID, User.',
	getSummary:
		'Reports totals of Kommo incoming leads: how many arrived, were accepted and declined, the average ' +
		'time to sort one, per category. Needs nothing; optional filters: UIDs, Pipeline, Created From and ' +
		'Created To (a period, ISO dates), or Created Since.',
};
