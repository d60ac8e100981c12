package io.chorus.test.cassandra;

import java.time.Instant;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** A row of chorus.gifts_by_room, as created by migration V0001. */
@Table("gifts_by_room")
record RoomGift(
        @PrimaryKeyColumn(name = "room_id", type = PrimaryKeyType.PARTITIONED) String roomId,
        @PrimaryKeyColumn(name = "seq", type = PrimaryKeyType.CLUSTERED, ordinal = 0) long seq,
        @Column("gift_id") String giftId,
        @Column("from_user") String fromUser,
        @Column("from_name") String fromName,
        @Column("to_user") String toUser,
        @Column("gift") String gift,
        @Column("amount") long amount,
        @Column("ts") Instant ts) {}
