-- A feed item without a guid is now known by its link with the anchor kept ("…/ogloszenia#3"),
-- since several announcements can share one page. Items recorded before kept only the link
-- without its anchor: give each of them the new key too, so none is announced a second time.
INSERT OR IGNORE INTO feed_item_keys (key, item_id)
SELECT k.key || '#' || substr(i.link, instr(i.link, '#') + 1), i.id
  FROM feed_items AS i
  JOIN feed_item_keys AS k ON k.item_id = i.id AND k.key LIKE 'l:%' AND k.key NOT LIKE '%#%'
 WHERE i.guid IS NULL AND i.link LIKE '%#_%';
