package dev.kontextbot.adapter.chat.commands;

/** Where a command is offered. A new chat platform adds itself here and derives its commands from the catalogue. */
public enum Surface { DISCORD, SLACK }
