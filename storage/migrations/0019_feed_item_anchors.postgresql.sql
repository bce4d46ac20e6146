-- PostgreSQL's spelling of 0019: the same keys, with strpos and ON CONFLICT.
INSERT INTO feed_item_keys (key, item_id)
SELECT k.key || '#' || substr(i.link, strpos(i.link, '#') + 1), i.id
  FROM feed_items AS i
  JOIN feed_item_keys AS k ON k.item_id = i.id AND k.key LIKE 'l:%' AND k.key NOT LIKE '%#%'
 WHERE i.guid IS NULL AND i.link LIKE '%#_%'
ON CONFLICT DO NOTHING;
