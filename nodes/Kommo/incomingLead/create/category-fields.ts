import type { INodeProperties } from 'n8n-workflow';

import type { IncomingLeadCategory } from '../../../shared/constants';

/** A metadata field of the API page: its UI parameter and the metadata key it fills. */
export interface MetadataField {
	key: string;
	property: INodeProperties;
	/** Dates are sent as Unix seconds. */
	date?: boolean;
	/** Left empty, the moment of the request is sent. */
	defaultsToNow?: boolean;
}

const text = (
	displayName: string,
	name: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	...extra,
});

/** Metadata of the sip category (API page, "Incoming leads metadata of the sip (call) category"). */
export const SIP_METADATA: { required: MetadataField[]; optional: MetadataField[] } = {
	required: [
		{
			key: 'phone',
			property: text('Phone Number', 'phone', {
				required: true,
				placeholder: '14155551234',
				description: 'Phone number of the call',
			}),
		},
		{
			key: 'from',
			property: text('Call From', 'callFrom', {
				required: true,
				placeholder: 'onlinePBX',
				description: 'Who initiated the call, e.g. the telephony service or caller',
			}),
		},
		{
			key: 'duration',
			property: {
				displayName: 'Duration (Seconds)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				required: true,
				description: 'Call length in seconds',
			},
		},
		{
			key: 'service_code',
			property: text('Service Code', 'serviceCode', {
				required: true,
				placeholder: 'CkAvbEwPam6sad',
				description: 'Code of your telephony integration in Kommo',
			}),
		},
	],
	optional: [
		{
			key: 'called_at',
			date: true,
			defaultsToNow: true,
			property: {
				displayName: 'Called At',
				name: 'calledAt',
				type: 'dateTime',
				default: '',
				description: 'When the call happened (default: now)',
			},
		},
		{
			key: 'link',
			property: text('Recording Link', 'recordingLink', {
				placeholder: 'https://example.com/recording.mp3',
				description: 'Link to the call recording',
			}),
		},
		{
			key: 'uniq',
			property: text('Call UID', 'callUid', {
				description: 'Unique ID of the call in your telephony',
			}),
		},
		{
			key: 'is_call_event_needed',
			property: {
				displayName: 'Add Call Event',
				name: 'addCallEvent',
				type: 'boolean',
				default: false,
				description: 'Whether to add a call event to the lead card',
			},
		},
	],
};

/** Metadata of the forms category (API page, "Incoming leads metadata of the forms category"). */
export const FORM_METADATA: { required: MetadataField[]; optional: MetadataField[] } = {
	required: [
		{
			key: 'form_id',
			property: text('Form ID', 'formId', {
				required: true,
				description: "Your integration's ID of the form",
			}),
		},
		{
			key: 'form_name',
			property: text('Form Name', 'formName', { required: true, placeholder: 'Contact us' }),
		},
		{
			key: 'form_page',
			property: text('Form Page', 'formPage', {
				required: true,
				placeholder: 'https://example.com/contact',
				description: 'Web page where the form is installed',
			}),
		},
	],
	optional: [
		{
			key: 'form_sent_at',
			date: true,
			defaultsToNow: true,
			property: {
				displayName: 'Form Sent At',
				name: 'formSentAt',
				type: 'dateTime',
				default: '',
				description: 'When the form was submitted (default: now)',
			},
		},
		{
			key: 'ip',
			property: text('IP Address', 'ip', {
				placeholder: '123.222.2.22',
				description: 'IP address the form was sent from',
			}),
		},
		{
			key: 'referer',
			property: text('Referer', 'referer', {
				placeholder: 'https://www.google.com',
				description: 'Page the visitor came from',
			}),
		},
	],
};

export const METADATA_BY_CATEGORY: Record<
	Extract<IncomingLeadCategory, 'sip' | 'forms'>,
	typeof SIP_METADATA
> = {
	sip: SIP_METADATA,
	forms: FORM_METADATA,
};
