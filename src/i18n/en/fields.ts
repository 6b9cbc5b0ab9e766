/** English texts: the `fields` surface (part of the English catalogue, src/i18n/en.ts). */
export const fields = {
  ContactName: 'Contact name',
  Describe: 'Description',
  'Channels.Mail': 'Email',
  'Channels.SMS': 'Mobile (SMS)',
  'Channels.AliIM': 'TradeManager ID',
  'Channels.DingWebHook': 'DingTalk webhook',
  Lang: 'Alert language',
};
