// n8n discovers the nodes and credentials through the "n8n" section of package.json.
module.exports = {};
