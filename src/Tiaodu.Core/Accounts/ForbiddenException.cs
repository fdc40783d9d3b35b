namespace Tiaodu.Core.Accounts;

/// <summary>The user is known but may not do this (HTTP 403); the message says why, in Chinese.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
